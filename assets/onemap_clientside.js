/* One Map: clientside callbacks for pure UI pass-throughs (no server round trip). */
(function () {
  /* Copy `text` with the Clipboard API (secure contexts only: https or localhost), else
   * with a selected hidden text area (plain http on a government network). Resolves to
   * true when the text reached the clipboard. */
  function copyText(text) {
    function fallback() {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "offscreen";
      document.body.appendChild(area);
      area.select();
      let ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      return ok;
    }
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; },
                                                      function () { return fallback(); });
    }
    return Promise.resolve(fallback());
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    onemap: {
      /* A value passed through unchanged (e.g. an opacity slider to a tile layer). */
      identity: function (value) { return value; },
      /* An opacity slider -> its layer's hideout (the features stay where they are). */
      opacity: function (value, hideout) {
        return Object.assign({}, hideout, {opacity: value});
      },
      /* Keep the address bar in step with the view, without reloading the page. */
      replaceQuery: function (query) {
        if (typeof query !== "string") { return window.dash_clientside.no_update; }
        const url = window.location.pathname + "?" + query;
        window.history.replaceState(window.history.state, "", url);
        return url;
      },
      /* "Copy link": the address bar holds the view; say whether the copy worked. */
      copyLink: function (clicks) {
        const button = document.getElementById("onemap-share");
        const url = window.location.href;
        const copied = (button && button.dataset.copied) || "OK";
        const manual = (button && button.dataset.manual) || "";
        return copyText(url).then(function (ok) {
          if (ok) { return copied + " ✓"; }
          window.prompt(manual, url);  // last resort: the user copies from the dialog
          return manual;
        });
      },
      toggleSidebar: function (clicks, className) {
        const collapsed = !(className || "").includes("onemap-sidebar--collapsed");
        /* Leaflet resizes with the window: tell it the map grew or shrank. */
        window.setTimeout(function () { window.dispatchEvent(new Event("resize")); }, 250);
        return [collapsed ? "onemap-sidebar onemap-sidebar--collapsed" : "onemap-sidebar",
                collapsed ? "›" : "‹"];
      },
      /* The tab title in the page's language (Dash sets the registry's title first). */
      setTitle: function (title) {
        if (title) {
          document.title = title;
          window.setTimeout(function () { document.title = title; }, 100);
        }
        return "";
      }
    }
  });

  /* The header's language switch keeps the whole view: on click, its link takes the
   * current address (layers, basemap, centre, zoom, time, region) with the other lang. */
  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("#shell-lang");
    if (!link) { return; }
    const target = new URL(link.href, window.location.href).searchParams.get("lang");
    if (!target) { return; }
    const query = new URLSearchParams(window.location.search);
    query.set("lang", target);
    link.href = window.location.pathname + "?" + query.toString();
  }, true);
})();
