/* One Map: Leaflet style functions for dash-leaflet GeoJSON layers.
 * Generic and driven by `hideout` ({kind, color, opacity, radius}); the feature's own
 * `_color` / `_class` properties come from the layer's style rule on the server. */
window.onemap = Object.assign({}, window.onemap, {
  map: {
    point: function (feature, latlng, context) {
      const h = (context && context.hideout) || {};
      const p = feature.properties || {};
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
      const count = feature.properties.point_count;
      const size = count < 10 ? 30 : count < 100 ? 38 : 46;
      const icon = L.divIcon({
        html: "<div><span>" + feature.properties.point_count_abbreviated + "</span></div>",
        className: "onemap-cluster", iconSize: L.point(size, size)
      });
      return L.marker(latlng, {icon: icon});
    },
    tooltip: function (feature, layer) {
      const p = feature.properties || {};
      if (p.cluster) { return; }
      const name = p.name || p.code || p.source_name || "";
      const cls = p._class ? " · " + p._class : "";
      if (name || cls) { layer.bindTooltip(String(name) + cls, {sticky: true}); }
    },
    region: function () {
      return {color: "#ff3d00", weight: 3, dashArray: "6 4", fill: false};
    }
  }
});
