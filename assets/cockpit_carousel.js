/* Leader cockpit in the browser: the fixed design canvas scaled to the screen, the report
 * scheme carousel with its keyboard (PageDown/PageUp, arrows, space, number keys), alarms
 * pre-empting the carousel, and the optional scheduled full reload. */
(function () {
  "use strict";

  // design canvases: 16:9, 32:9 and 48:9; the one nearest the screen's aspect is used
  const CANVASES = [[1920, 1080, "cockpit-canvas--w16"], [3840, 1080, "cockpit-canvas--w32"],
                    [5760, 1080, "cockpit-canvas--w48"]];
  const NEXT = ["PageDown", "ArrowRight", "ArrowDown"];
  const PREVIOUS = ["PageUp", "ArrowLeft", "ArrowUp"];

  function fitCanvas() {
    const el = document.getElementById("cockpit-canvas");
    if (!el) { return; }
    const W = window.innerWidth, H = window.innerHeight;
    if (!W || !H) { return; }
    const aspect = W / H;
    let best = CANVASES[0];
    CANVASES.forEach(function (c) {
      if (Math.abs(Math.log(aspect / (c[0] / c[1]))) <
          Math.abs(Math.log(aspect / (best[0] / best[1])))) { best = c; }
    });
    const mode = el.dataset.fit || "auto";
    const sx = W / best[0], sy = H / best[1];
    const s = mode === "width" ? sx : mode === "height" ? sy : mode === "native" ? 1
      : Math.min(sx, sy);
    const key = [W, H, best[0], s].join(",");
    if (el.dataset.fitKey === key) { return; }
    el.dataset.fitKey = key;
    el.style.width = best[0] + "px";
    el.style.height = best[1] + "px";
    el.style.transform = "scale(" + s + ")";
    el.style.left = Math.max(0, (W - best[0] * s) / 2) + "px";
    el.style.top = Math.max(0, (H - best[1] * s) / 2) + "px";
    CANVASES.forEach(function (c) { el.classList.remove(c[2]); });
    el.classList.add(best[2]);
    el.dataset.scale = String(s);
    window.dispatchEvent(new Event("resize"));  // Leaflet measures its new size
  }

  window.addEventListener("resize", fitCanvas);
  window.setInterval(fitCanvas, 1000);

  function noUpdate() { return window.dash_clientside.no_update; }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    cockpit: {
      fit: function (query) {
        fitCanvas();
        const hours = query && query.reload_h;
        if (hours && !window.cockpitReloadTimer) {
          window.cockpitReloadTimer = window.setTimeout(function () {
            window.location.reload();
          }, hours * 3600 * 1000);
        }
        const el = document.getElementById("cockpit-canvas");
        return el ? el.dataset.scale || "1" : "1";
      },

      carousel: function (tick, nKeys, alarms, keydown, scheme, state) {
        const screens = (scheme && scheme.screens) || [];
        const n = screens.length || 1;
        const s = Object.assign({index: 0, paused: false, preempted: null, changed_at: null},
                                state || {});
        const now = Date.now();
        const trig = ((window.dash_clientside.callback_context || {}).triggered || [])
          .map(function (t) { return t.prop_id; });
        if (s.changed_at === null) { s.changed_at = now; return s; }
        if (trig.indexOf("cockpit-keys.n_keydowns") >= 0 && keydown) {
          const key = keydown.key;
          if (NEXT.indexOf(key) >= 0) { s.index = (s.index + 1) % n; }
          else if (PREVIOUS.indexOf(key) >= 0) { s.index = (s.index - 1 + n) % n; }
          else if (key === " ") { s.paused = !s.paused; }
          else if (/^[1-9]$/.test(key) && Number(key) <= n) { s.index = Number(key) - 1; }
          else { return noUpdate(); }
          s.changed_at = now;
          return s;
        }
        if (trig.indexOf("cockpit-alarms.data") >= 0) {
          const top = alarms && alarms.length ? alarms[0] : null;
          const was = s.preempted ? s.preempted.id : null;
          if ((top ? top.id : null) === was) { return noUpdate(); }
          s.preempted = top ? {id: top.id, lat: top.lat, lon: top.lon} : null;
          s.changed_at = now;  // the carousel resumes with a full dwell
          return s;
        }
        if (s.paused || s.preempted) { return noUpdate(); }
        const dwell = ((screens[s.index] || {}).dwell || 30) * 1000;
        if (n < 2 || now - s.changed_at < dwell) { return noUpdate(); }
        s.index = (s.index + 1) % n;
        s.changed_at = now;
        return s;
      },

      applyScreen: function (state, scheme, lang, asof, alarms) {
        const screens = (scheme && scheme.screens) || [];
        const s = state || {index: 0};
        const screen = screens[s.index] || screens[0];
        const texts = (scheme && scheme.texts) || {};
        const urls = (scheme && scheme.overlay_urls) || {};
        const view = screen.map || {};
        let viewport = {center: view.center, zoom: view.zoom, transition: "flyTo"};
        if (s.preempted && s.preempted.lat !== null && s.preempted.lat !== undefined) {
          viewport = {center: [s.preempted.lat, s.preempted.lon], zoom: 12,
                      transition: "flyTo"};
        }
        const title = lang === "en" ? (screen.title_en || screen.title) : screen.title;
        let counter = (texts.screen || "{n}/{total}").replace("{n}", s.index + 1)
          .replace("{total}", screens.length);
        if (s.paused) { counter += " · " + (texts.paused || "paused"); }
        const nextAsof = screen.asof || null;
        const panels = (scheme.panels || []).map(function (name) {
          const shown = (screen.panels || []).indexOf(name) >= 0;
          return "cockpit-panel cockpit-panel--" + name + (shown ? "" : " cockpit-panel--hidden");
        });
        const overlays = (scheme.overlays || []).map(function (layer) {
          const on = ((screen.map || {}).layers || []).indexOf(layer) >= 0;
          return on ? urls[layer] : urls[layer].split("?")[0] + "?limit=0";
        });
        return [viewport, title, counter, nextAsof === asof ? noUpdate() : nextAsof]
          .concat(panels, overlays);
      }
    }
  });
})();
