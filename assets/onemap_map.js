/* One Map: Leaflet style functions for dash-leaflet GeoJSON layers.
 * Generic and driven by `hideout` ({kind, color, opacity, fill, radius}); the feature's own
 * `_color` / `_class` properties come from the layer's style rule on the server.
 *
 * Two kinds of cluster reach these functions:
 * - supercluster's (browser side, layers with cluster=True): `cluster` below, with
 *   `cluster_id`; dash-leaflet zooms in on click. The icon is a small donut with one
 *   slice per colour of the points it holds (the layer's classes or categories), so a
 *   cluster of exceeding sources reads red at city scale;
 * - the server's grid clusters (`grid_cluster: true`, `point_count`; see layers/query.py),
 *   plain points to dash-leaflet: `point` draws them with a neutral ring (the server sends
 *   no breakdown) and zooms in on click. When supercluster groups server clusters, the
 *   count shown is the sum of their `point_count`s, not the number of markers. */
(function () {
  const memos = new WeakMap();  // supercluster index -> {grid, counts: {id: n}, colours: {id: []}}
  const NEUTRAL = "#78909c";
  const OUTLINE = "#1f2933";  // dark rim: light classes (良, yellow) stay visible on light ground

  /* Markers grow with the text (the root font size follows the viewport; 16 px = 1). */
  let scale = 1;
  function measure() {
    const root = parseFloat(window.getComputedStyle(document.documentElement).fontSize);
    scale = root > 0 ? root / 16 : 1;
  }
  measure();
  window.addEventListener("resize", measure);

  function abbreviate(n) {
    return n >= 10000 ? Math.round(n / 1000) + "k" :
      n >= 1000 ? (Math.round(n / 100) / 10) + "k" : String(n);
  }

  function memoOf(index) {
    let memo = memos.get(index);
    if (!memo) {
      memo = {grid: index.points.some(function (f) {
        return f.properties && f.properties.grid_cluster;
      }), counts: {}, colours: {}};
      memos.set(index, memo);
    }
    return memo;
  }

  /* [[colour, n, label], ...] of a supercluster cluster's points, largest first. */
  function breakdown(p, index) {
    if (!index || !index.points || p.cluster_id === undefined) { return []; }
    const memo = memoOf(index);
    if (!(p.cluster_id in memo.colours)) {
      const tally = {};
      let total = 0;
      index.getLeaves(p.cluster_id, Infinity).forEach(function (f) {
        const q = f.properties || {};
        const n = q.grid_cluster ? q.point_count : 1;
        if (q.grid_cluster && q._colors) {  // a server cluster that says what it holds
          Object.entries(q._colors).forEach(function (e) {
            tally[e[0]] = tally[e[0]] || [e[0], 0, ""];
            tally[e[0]][1] += e[1];
          });
          total += n;
          return;
        }
        const key = q.grid_cluster ? NEUTRAL : (q._color || NEUTRAL);
        tally[key] = tally[key] || [key, 0, q.grid_cluster ? "" : (q._class || "")];
        tally[key][1] += n;
        total += n;
      });
      memo.counts[p.cluster_id] = total;
      memo.colours[p.cluster_id] = Object.values(tally).sort(function (a, b) {
        return b[1] - a[1];
      });
    }
    return memo.colours[p.cluster_id];
  }

  /* A server cluster's slices when it says what it holds (`_colors`: colour -> count). */
  function gridSlices(p, h) {
    const classes = (h && h.classes) || {};
    return Object.entries(p._colors || {}).map(function (e) {
      return [e[0], e[1], classes[e[0]] || ""];
    }).sort(function (a, b) { return b[1] - a[1]; });
  }

  function trueCount(p, index) {
    if (!index || !index.points || p.cluster_id === undefined) { return p.point_count; }
    const memo = memoOf(index);
    if (!memo.grid) { return p.point_count; }
    breakdown(p, index);
    return memo.counts[p.cluster_id];
  }

  /* A conic-gradient donut: one slice per colour, in proportion to its points. */
  function donut(slices, total) {
    if (!slices.length) { return NEUTRAL; }
    let at = 0;
    const stops = slices.map(function (s) {
      const from = at;
      at += 360 * s[1] / total;
      return s[0] + " " + from.toFixed(1) + "deg " + at.toFixed(1) + "deg";
    });
    return "conic-gradient(" + stops.join(", ") + ")";
  }

  function clusterMarker(latlng, count, slices) {
    const size = Math.round((count < 10 ? 32 : count < 100 ? 40 : 48) * scale);
    const colours = slices || [];
    const title = colours.filter(function (s) { return s[2]; }).map(function (s) {
      return s[2] + " " + s[1];
    }).join(" · ");
    const icon = L.divIcon({
      html: "<div class=\"onemap-cluster__ring\" style=\"background:" +
            donut(colours, count) + "\"><span>" + abbreviate(count) + "</span></div>",
      className: "onemap-cluster" + (colours.length ? " onemap-cluster--classes" : ""),
      iconSize: L.point(size, size)
    });
    const marker = L.marker(latlng, {icon: icon, title: title});
    marker.options.worst = colours.length ? colours[0][0] : null;
    return marker;
  }

  function opacityOf(h) {
    return h.opacity === undefined || h.opacity === null ? 0.85 : h.opacity;
  }

  window.onemap = Object.assign({}, window.onemap, {
    map: {
      point: function (feature, latlng, context) {
        const h = (context && context.hideout) || {};
        const p = feature.properties || {};
        if (p.grid_cluster) {
          const marker = clusterMarker(latlng, p.point_count, gridSlices(p, h));
          marker.on("click", function (e) {
            const map = (context && context.map) || e.target._map;
            if (map) { map.setView(latlng, Math.min(map.getZoom() + 2, map.getMaxZoom())); }
          });
          return marker;
        }
        const opacity = opacityOf(h);
        return L.circleMarker(latlng, {
          radius: (h.radius || 7) * scale, color: OUTLINE, weight: 1.5 * scale,
          fillColor: p._color || h.color || "#3388ff", fillOpacity: opacity,
          opacity: opacity
        });
      },
      style: function (feature, context) {
        const h = (context && context.hideout) || {};
        const p = (feature && feature.properties) || {};
        const colour = p._color || h.color || "#3388ff";
        const opacity = opacityOf(h);
        if (h.kind === "point") {  // circle markers restyled after a hideout change
          return {color: OUTLINE, weight: 1.5 * scale, opacity: opacity, fillColor: colour,
                  fillOpacity: opacity};
        }
        if (h.kind === "line") {
          return {color: colour, weight: 2, opacity: opacity};
        }
        const fill = h.fill === undefined ? 0.35 : h.fill;
        return {color: colour, weight: 1.2, opacity: opacity, fillColor: colour,
                fillOpacity: fill * opacity};
      },
      cluster: function (feature, latlng, index, context) {
        const p = feature.properties;
        const classes = (context && context.hideout && context.hideout.classes) || {};
        const slices = breakdown(p, index).map(function (s) {
          return [s[0], s[1], classes[s[0]] || s[2]];
        });
        return clusterMarker(latlng, trueCount(p, index), slices);
      },
      tooltip: function (feature, layer, context) {
        const p = feature.properties || {};
        const h = (context && context.hideout) || {};
        if (p.cluster || p.grid_cluster) { return; }
        const name = p.name || p.code || p.source_name || "";
        const label = p._class ? ((h.classes && h.classes[p._color]) || p._class) : "";
        const cls = label ? " · " + label : "";
        if (name || cls) { layer.bindTooltip(String(name) + cls, {sticky: true}); }
      },
      region: function () {
        return {color: "#ff3d00", weight: 3, dashArray: "6 4", fill: false};
      },
      /* Basemap labels: place, district, lake and river names as text markers. */
      label: function (feature, latlng, context) {
        const p = feature.properties || {};
        const h = (context && context.hideout) || {};
        const text = (h.lang === "en" ? (p.name_en || p.name) : p.name) || "";
        const icon = L.divIcon({
          html: "<span>" + String(text).replace(/[<>&]/g, "") + "</span>",
          className: "onemap-label onemap-label--" + (p.kind || "place"),
          iconSize: null
        });
        return L.marker(latlng, {icon: icon, interactive: false, keyboard: false});
      }
    }
  });
})();
