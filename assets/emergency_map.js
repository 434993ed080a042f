/* Emergency page: Leaflet style functions for the zones, routes and receptors
 * (dash-leaflet GeoJSON layers loaded by URL from /api/incidents/{id}/...). */
(function () {
  const ZONE = {red: "#d32f2f", orange: "#f57c00", yellow: "#fbc02d"};
  const RECEPTOR = {school: "#1e88e5", hospital: "#e53935", water_intake: "#00acc1",
                    residential: "#7cb342", nursing_home: "#8e24aa"};
  const RING = {red: "#b71c1c", orange: "#e65100", yellow: "#f9a825", wedge: "#546e7a",
                downstream: "#0277bd"};
  function esc(s) { return String(s).replace(/[<>&"]/g, ""); }
  window.emergency = Object.assign({}, window.emergency, {
    map: {
      zone: function (feature) {
        const p = feature.properties || {};
        if (p.kind === "zone") {
          return {color: ZONE[p.colour] || "#757575", weight: 1.5, fillOpacity: 0.3};
        }
        if (p.kind === "wedge") {
          return {color: "#546e7a", weight: 1, dashArray: "5 5", fillOpacity: 0.05};
        }
        if (p.kind === "confidence_line") { return {color: "#546e7a", weight: 1}; }
        if (p.kind === "reach") { return {color: "#d32f2f", weight: 5, opacity: 0.8}; }
        return {color: "#333", weight: 1};
      },
      zonePoint: function (feature, latlng) {
        const p = feature.properties || {};
        if (p.kind === "source") {
          return L.circleMarker(latlng, {radius: 8, color: "#000", weight: 3,
                                         fillColor: "#ff1744", fillOpacity: 1});
        }
        const marker = L.circleMarker(latlng, {radius: 6, color: "#0277bd", weight: 2,
                                               fillColor: "#fff", fillOpacity: 1});
        if (p.arrival_h !== undefined && p.arrival_h !== null) {
          marker.bindTooltip(esc(p.name) + " " + p.arrival_h + " h",
                             {permanent: true, direction: "right",
                              className: "em-arrival-label"});
        }
        return marker;
      },
      route: function () {
        return {color: "#1565c0", weight: 3, opacity: 0.7, dashArray: "8 4"};
      },
      receptor: function (feature, latlng) {
        const p = feature.properties || {};
        return L.circleMarker(latlng, {radius: 5, weight: 2, color: RING[p.zone] || "#333",
                                       fillColor: RECEPTOR[p.type] || "#9e9e9e",
                                       fillOpacity: 0.9});
      },
      tip: function (feature, layer) {
        const p = feature.properties || {};
        const name = p.name || p.label || p.level || "";
        const extra = p.travel_time_min !== undefined ? " " + p.travel_time_min + " min" :
          (p.population ? " " + p.population : "");
        if (name && !(p.arrival_h !== undefined)) {
          layer.bindTooltip(esc(name) + esc(extra), {sticky: true});
        }
      }
    }
  });
})();
