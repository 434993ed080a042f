/* Swipe compare on the scenario page: drag the divider (.sc-swipe) over the map; the
   right pane (scenario tiles) is clipped to the right of it, the left pane (baseline) to
   the left. Offline: plain DOM, no library.

   Leaflet panes live inside .leaflet-map-pane, which moves by a CSS translate when the
   map pans; the clip is written in the pane's own coordinates, so it is recomputed on
   every frame in which the divider or the map pane moved. */
(function () {
  "use strict";
  var dragging = null;

  function parts() {
    var swipe = document.getElementById("sc-swipe");
    var map = document.getElementById("sc-map");
    if (!swipe || !map) { return null; }
    var right = map.querySelector(".leaflet-sc-right-pane");
    var leftPane = map.querySelector(".leaflet-sc-left-pane");
    var mapPane = map.querySelector(".leaflet-map-pane");
    return { swipe: swipe, map: map, right: right, left: leftPane, mapPane: mapPane };
  }

  function position(p) {
    var f = parseFloat(p.swipe.getAttribute("data-position"));
    return isNaN(f) ? 0.5 : Math.min(1, Math.max(0, f));
  }

  var last = "";
  var lastPane = null;
  function apply() {
    var p = parts();
    if (p && p.right && p.mapPane) {
      var width = p.map.clientWidth;
      var x = position(p) * width;
      p.swipe.style.left = x + "px";
      var tx = 0, ty = 0;
      var tr = window.getComputedStyle(p.mapPane).transform;
      if (tr && tr !== "none") {
        var m = new DOMMatrixReadOnly(tr);
        tx = m.m41; ty = m.m42;
      }
      var hidden = p.swipe.classList.contains("sc-hidden");
      // the visible map in the panes' coordinates (as leaflet-side-by-side does)
      var x0 = -tx, y0 = -ty, x1 = -tx + width, y1 = -ty + p.map.clientHeight;
      var cut = hidden ? x0 : x0 + x;
      var key = [x0, y0, x1, y1, cut].join(",");
      if (key !== last || p.right !== lastPane) {
        last = key;
        lastPane = p.right;
        p.right.style.clip = "rect(" + y0 + "px, " + x1 + "px, " + y1 + "px, " + cut + "px)";
        p.right.setAttribute("data-clip-left", String(Math.round(x)));
        if (p.left) {  // the baseline only left of the divider (the whole map for a delta)
          var edge = hidden ? x1 : cut;
          p.left.style.clip = "rect(" + y0 + "px, " + edge + "px, " + y1 + "px, " + x0 + "px)";
        }
      }
    }
    window.requestAnimationFrame(apply);
  }

  function move(ev) {
    if (!dragging) { return; }
    var rect = dragging.map.getBoundingClientRect();
    var f = (ev.clientX - rect.left) / rect.width;
    dragging.swipe.setAttribute("data-position", String(Math.min(0.98, Math.max(0.02, f))));
    ev.preventDefault();
  }

  document.addEventListener("pointerdown", function (ev) {
    if (ev.target && ev.target.classList && ev.target.classList.contains("sc-swipe-handle")) {
      dragging = parts();
      if (dragging) { ev.preventDefault(); ev.stopPropagation(); }
    }
  }, true);
  document.addEventListener("pointermove", move, true);
  document.addEventListener("pointerup", function () { dragging = null; }, true);
  window.requestAnimationFrame(apply);
})();
