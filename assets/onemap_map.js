/* One Map: Leaflet style functions for dash-leaflet GeoJSON layers.
 * Generic and driven by `hideout` ({kind, color, opacity, radius}); the feature's own
 * `_color` / `_class` properties come from the layer's style rule on the server.
 *
 * Two kinds of cluster reach these functions:
 * - supercluster's (browser side, layers with cluster=True): `cluster` below, with
 *   `cluster_id`; dash-leaflet zooms in on click;
 * - the server's grid clusters (`grid_cluster: true`, `point_count`; see layers/query.py),
 *   plain points to dash-leaflet: `point` draws them with the same icon and zooms in on
 *   click. When supercluster groups server clusters, the count shown is the sum of their
 *   `point_count`s, not the number of markers. */
(function () {
  const totals = new WeakMap();  // supercluster index -> {grid: bool, counts: {id: n}}

  function abbreviate(n) {
    return n >= 10000 ? Math.round(n / 1000) + "k" :
      n >= 1000 ? (Math.round(n / 100) / 10) + "k" : String(n);
  }

  function trueCount(p, index) {
    if (!index || !index.points || p.cluster_id === undefined) { return p.point_count; }
    let memo = totals.get(index);
    if (!memo) {
      memo = {grid: index.points.some(function (f) {
        return f.properties && f.properties.grid_cluster;
      }), counts: {}};
      totals.set(index, memo);
    }
    if (!memo.grid) { return p.point_count; }
    if (!(p.cluster_id in memo.counts)) {
      memo.counts[p.cluster_id] = index.getLeaves(p.cluster_id, Infinity).reduce(
        function (sum, f) {
          return sum + (f.properties.grid_cluster ? f.properties.point_count : 1);
        }, 0);
    }
    return memo.counts[p.cluster_id];
  }

  function clusterMarker(latlng, count) {
    const size = count < 10 ? 30 : count < 100 ? 38 : 46;
    const icon = L.divIcon({
      html: "<div><span>" + abbreviate(count) + "</span></div>",
      className: "onemap-cluster", iconSize: L.point(size, size)
    });
    return L.marker(latlng, {icon: icon});
  }

  window.onemap = Object.assign({}, window.onemap, {
    map: {
      point: function (feature, latlng, context) {
        const h = (context && context.hideout) || {};
        const p = feature.properties || {};
        if (p.grid_cluster) {
          const marker = clusterMarker(latlng, p.point_count);
          marker.on("click", function (e) {
            const map = (context && context.map) || e.target._map;
            if (map) { map.setView(latlng, Math.min(map.getZoom() + 2, map.getMaxZoom())); }
          });
          return marker;
        }
        const opacity = h.opacity === undefined ? 0.85 : h.opacity;
        return L.circleMarker(latlng, {
          radius: h.radius || 6, color: "#ffffff", weight: 1.2,
          fillColor: p._color || h.color || "#3388ff", fillOpacity: opacity, opacity: opacity
        });
      },
      style: function (feature, context) {
        const h = (context && context.hideout) || {};
        const p = (feature && feature.properties) || {};
        const colour = p._color || h.color || "#3388ff";
        const opacity = h.opacity === undefined ? 0.85 : h.opacity;
        if (h.kind === "line") {
          return {color: colour, weight: 2, opacity: opacity};
        }
        const fill = h.fill === undefined ? 0.35 : h.fill;
        return {color: colour, weight: 1.2, opacity: opacity, fillColor: colour,
                fillOpacity: fill * opacity};
      },
      cluster: function (feature, latlng, index, context) {
        return clusterMarker(latlng, trueCount(feature.properties, index));
      },
      tooltip: function (feature, layer) {
        const p = feature.properties || {};
        if (p.cluster || p.grid_cluster) { return; }
        const name = p.name || p.code || p.source_name || "";
        const cls = p._class ? " · " + p._class : "";
        if (name || cls) { layer.bindTooltip(String(name) + cls, {sticky: true}); }
      },
      region: function () {
        return {color: "#ff3d00", weight: 3, dashArray: "6 4", fill: false};
      }
    }
  });
})();
