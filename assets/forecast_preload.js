/* /forecast: fetch plotly.js (and dcc's graph chunk) while the page's layout is being
   rendered on the server, instead of after it arrives (a dcc.Graph asks for plotly only
   when it mounts). A preload of the same URL is reused by the script tag Dash adds. */
(function () {
  "use strict";
  var path = window.location.pathname.replace(/\/+$/, "");
  if (!/\/forecast$/.test(path)) { return; }
  var base = path.slice(0, path.length - "/forecast".length);
  var suite = base + "/_dash-component-suites/";
  ["plotly/package_data/plotly.min.js", "dash/dcc/async-graph.js"].forEach(function (rel) {
    var link = document.createElement("link");
    link.rel = "preload";
    link.as = "script";
    link.href = suite + rel;
    document.head.appendChild(link);
  });
}());
