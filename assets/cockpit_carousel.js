/* Leader cockpit in the browser: the fixed design canvas scaled to the screen, the report
 * scheme carousel with its keyboard (PageDown/PageUp, arrows, space, number keys), alarms
 * pre-empting the carousel, the next screen's tiles loaded ahead of the switch, the
 * wall-wide "feed frozen" notice, and the scheduled full reload. */
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

  // A scheduled reload waits while an alarm holds the wall, and while the server does not
  // answer (a reload then would trade the last good numbers for an error page).
  function reloadWhenSafe() {
    const alarm = document.querySelector(".cockpit-alarm:not([hidden])");
    if (alarm) { window.setTimeout(reloadWhenSafe, 60 * 1000); return; }
    fetch(window.location.href, {method: "HEAD", cache: "no-store"}).then(function (r) {
      if (r.ok) { window.location.reload(); }
      else { window.setTimeout(reloadWhenSafe, 60 * 1000); }
    }, function () { window.setTimeout(reloadWhenSafe, 60 * 1000); });
  }

  // Tiles of a map view (centre, zoom) on a map of w×h design pixels, as URLs.
  function tileUrls(template, center, zoom, w, h) {
    if (!template || !center || template.indexOf("{z}") < 0) { return []; }
    const n = Math.pow(2, zoom);
    const toX = function (lon) { return (lon + 180) / 360 * n; };
    const toY = function (lat) {
      const r = lat * Math.PI / 180;
      return (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n;
    };
    const cx = toX(center[1]), cy = toY(center[0]);
    const dx = w / 512 + 1, dy = h / 512 + 1;  // half the view in 256-px tiles, and a rim
    const x0 = Math.floor(cx - dx), x1 = Math.floor(cx + dx);
    const y0 = Math.floor(cy - dy), y1 = Math.floor(cy + dy);
    const out = [];
    for (let x = Math.max(0, x0); x <= Math.min(n - 1, x1); x++) {
      for (let y = Math.max(0, y0); y <= Math.min(n - 1, y1); y++) {
        out.push(template.replace("{z}", zoom).replace("{x}", x).replace("{y}", y)
          .replace("{s}", "a").replace("{r}", ""));
      }
    }
    return out.slice(0, 300);
  }

  // Load the next screen's tiles into the browser cache, so a switch shows no blank frame.
  function preloadNext(scheme, index) {
    const screens = (scheme && scheme.screens) || [];
    if (screens.length < 2) { return; }
    const next = screens[(index + 1) % screens.length];
    const mapEl = document.getElementById("cockpit-map");
    const view = next.map || {};
    const key = [index, view.zoom].concat(view.center || []).join(",");
    const holder = document.getElementById("cockpit-preload");
    if (!mapEl || !holder || holder.dataset.key === key) { return; }
    holder.dataset.key = key;
    const urls = tileUrls(scheme.tile_url, view.center, view.zoom,
                          mapEl.clientWidth, mapEl.clientHeight);
    holder.dataset.count = String(urls.length);
    urls.forEach(function (url) { const img = new Image(); img.src = url; });
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    cockpit: {
      fit: function (query) {
        fitCanvas();
        const hours = query && query.reload_h;
        if (hours && !window.cockpitReloadTimer) {
          window.cockpitReloadTimer = window.setTimeout(reloadWhenSafe, hours * 3600 * 1000);
        }
        const el = document.getElementById("cockpit-canvas");
        return el ? el.dataset.scale || "1" : "1";
      },

      // the wall-wide "feed frozen" notice while the store cannot be reached
      link: function (refreshLink, pollLink, tick, scheme) {
        const texts = (scheme && scheme.texts) || {};
        // cut off when either the refresh or the (quicker) alarm poll failed last
        let link = refreshLink;
        if (pollLink && pollLink.ok === false && (!link || link.ok !== false)) {
          link = {ok: false, last_ok: link ? link.last_ok : null, down_since: pollLink.at};
        }
        if (pollLink && pollLink.ok === true && link && link.ok === false &&
            pollLink.at > link.down_since) {
          link = {ok: true};  // back: the refresh it triggered is on its way
        }
        if (!link || link.ok !== false) {
          if (window.cockpitFrozenShown === false) { return [noUpdate(), noUpdate(), noUpdate()]; }
          window.cockpitFrozenShown = false;
          return ["cockpit", [], true];
        }
        window.cockpitFrozenShown = true;
        const since = link.last_ok ? Date.parse(link.last_ok) : NaN;
        // seconds since the last good data (both times are the server's clock)
        const start = link.down_since ? Date.parse(link.down_since) : NaN;
        const firstSeen = window.cockpitDownSeen || (window.cockpitDownSeen = {});
        if (!firstSeen[link.down_since]) { firstSeen[link.down_since] = Date.now(); }
        let age = (Date.now() - firstSeen[link.down_since]) / 1000;
        if (!isNaN(since) && !isNaN(start)) { age += (start - since) / 1000; }
        age = Math.max(0, Math.round(age));
        const ageText = age < 120 ? (texts["frozen.seconds"] || "{n} s").replace("{n}", age)
          : (texts["frozen.minutes"] || "{n} min").replace("{n}", Math.floor(age / 60));
        const when = link.last_ok ? link.last_ok.replace("T", " ") : "—";
        const body = (texts["frozen.body"] || "{time} {age}").replace("{time}", when)
          .replace("{age}", ageText);
        return ["cockpit cockpit--offline", [
          {namespace: "dash_html_components", type: "Strong",
           props: {children: texts["frozen.title"] || "", className: "cockpit-frozen-title"}},
          {namespace: "dash_html_components", type: "Span",
           props: {children: body, className: "cockpit-frozen-body"}}], false];
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
        window.setTimeout(function () { preloadNext(scheme, s.index); }, 1500);
        return [viewport, title, counter, nextAsof === asof ? noUpdate() : nextAsof]
          .concat(panels, overlays);
      }
    }
  });
})();
