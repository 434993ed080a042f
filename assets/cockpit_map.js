/* Leader cockpit: Leaflet point functions for dash-leaflet GeoJSON layers (namespace
 * window.cockpit.map). Station AQI is drawn as a label that is readable without hovering. */
(function () {
  "use strict";

  function clean(text) {
    return String(text === null || text === undefined ? "" : text).replace(/[<>&"]/g, "");
  }

  // Station labels in the city centre overlap at the overview zooms: each label that hits
  // one placed before it (top to bottom) moves down below it; a dot stays at the station.
  // Labels show only where they fit: from zoom ``labelZoom`` in, and no more than
  // ``labelMax`` stations (a province's 68 stations stacked into a column off the map);
  // otherwise each station is its coloured dot. The limits come in the layer's hideout.
  let view = {map: null, labelZoom: 9, labelMax: 20};

  function labelsFit(count) {
    const zoom = view.map ? view.map.getZoom() : view.labelZoom;
    return zoom >= view.labelZoom && count <= view.labelMax;
  }

  function declutter() {
    const canvas = document.getElementById("cockpit-canvas");
    const labels = Array.prototype.slice.call(
      document.querySelectorAll("#cockpit-map .cockpit-station"));
    const map = document.getElementById("cockpit-map");
    if (map) { map.classList.toggle("cockpit-map--dots", !labelsFit(labels.length)); }
    if (!canvas || !labels.length || !labelsFit(labels.length)) { return; }
    const scale = parseFloat(canvas.dataset.scale || "1") || 1;
    labels.forEach(function (el) { el.style.marginTop = "0px"; });
    const boxes = labels.map(function (el) { return {el: el, r: el.getBoundingClientRect()}; })
      .sort(function (a, b) { return a.r.top - b.r.top || a.r.left - b.r.left; });
    const placed = [];
    boxes.forEach(function (b) {
      const r = b.r;
      let dy = 0;
      for (let i = 0; i < 12; i++) {
        const hit = placed.find(function (p) {
          return r.left < p.right && r.right > p.left && r.top + dy < p.bottom &&
            r.bottom + dy > p.top;
        });
        if (!hit) { break; }
        dy = hit.bottom - r.top + 2;
      }
      b.el.style.marginTop = dy ? (dy / scale) + "px" : "0px";
      b.el.classList.toggle("moved", dy > 0);
      if (b.el.parentNode) { b.el.parentNode.classList.toggle("moved", dy > 0); }
      placed.push({left: r.left, right: r.right, top: r.top + dy, bottom: r.bottom + dy});
    });
  }
  window.setInterval(declutter, 1000);

  window.cockpit = Object.assign({}, window.cockpit, {
    map: {
      station: function (feature, latlng, context) {
        const p = feature.properties || {};
        const hideout = (context && context.hideout) || {};
        if (context && context.map && view.map !== context.map) {
          context.map.on("zoomend", declutter);
        }
        view = {map: (context && context.map) || view.map,
                labelZoom: hideout.labelZoom || view.labelZoom,
                labelMax: hideout.labelMax || view.labelMax};
        const aqi = p.aqi === null || p.aqi === undefined ? "—" : Math.round(p.aqi);
        const colour = /^#[0-9a-fA-F]{6}$/.test(p._color || "") ? p._color : "#9e9e9e";
        const icon = L.divIcon({
          html: "<i class=\"cockpit-station-dot\" style=\"background:" + colour + "\"></i>" +
            "<div class=\"cockpit-station\"><b style=\"background:" + colour + "\">" +
            clean(aqi) + "</b><span>" + clean(p.name) + "</span></div>",
          className: "cockpit-station-icon",
          iconSize: null
        });
        return L.marker(latlng, {icon: icon, interactive: false, keyboard: false});
      },
      // an open incident: a pulsing marker in the colour of its grade (Ⅰ red … Ⅳ blue)
      incident: function (feature, latlng) {
        const p = feature.properties || {};
        const grade = [1, 2, 3, 4].indexOf(p.grade) >= 0 ? p.grade : 4;
        const icon = L.divIcon({
          html: "<div class=\"cockpit-incident-mark grade-" + grade + "\"><b>" +
            clean(p.roman) + "</b><span>#" + clean(p.id) + " " + clean(p.name) + "</span></div>",
          className: "cockpit-station-icon",
          iconSize: null
        });
        return L.marker(latlng, {icon: icon, interactive: false, keyboard: false,
                                 zIndexOffset: 1000});
      },
      point: function (feature, latlng) {
        const p = feature.properties || {};
        return L.circleMarker(latlng, {
          radius: 7, color: "#0b1a2a", weight: 1.5, fillColor: p._color || "#4fc3f7",
          fillOpacity: 0.9, opacity: 0.9, interactive: false
        });
      },
      lake: function () {
        return {color: "#29b6f6", weight: 1, opacity: 0.8, fillColor: "#0d47a1",
                fillOpacity: 0.55};
      },
      district: function () {
        return {color: "#4fc3f7", weight: 1.5, opacity: 0.55, fill: false};
      }
    }
  });
})();
