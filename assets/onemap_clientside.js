/* One Map: clientside callbacks for pure UI pass-throughs (no server round trip). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  onemap: {
    /* A value passed through unchanged (e.g. an opacity slider to a tile layer). */
    identity: function (value) { return value; },
    /* Opacity sliders -> layer hideouts (the features stay where they are). */
    opacity: function (opacities, hideouts) {
      return hideouts.map(function (h, i) {
        return Object.assign({}, h, {opacity: opacities[i]});
      });
    },
    /* Keep the address bar in step with the view, without reloading the page. */
    replaceQuery: function (query) {
      if (typeof query !== "string") { return window.dash_clientside.no_update; }
      const url = window.location.pathname + "?" + query;
      window.history.replaceState(window.history.state, "", url);
      return url;
    }
  }
});
