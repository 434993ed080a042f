/* Emergency page: follow the selected incident through server-sent events.
 *
 * /api/incidents/{id}/events sends a "change" event whenever the incident moves (a change,
 * a log entry by anyone, a new hour of wind observations); each one is written into the
 * em-pushed store, which redraws the page. While the stream is open the page's interval
 * is switched off; when the stream fails (a proxy that buffers, a worker limit) the
 * interval comes back, so the page still follows the incident, only more slowly.
 * EventSource reconnects by itself after the server closes a stream (every 30 s). */
(function () {
  let source = null;
  let watching = null;
  function setProps(id, props) {
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(id, props);
    }
  }
  function stop() {
    if (source) { source.close(); source = null; }
    watching = null;
  }
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.emergency = Object.assign({}, window.dash_clientside.emergency, {
    watch: function (incidentId) {
      if (incidentId === watching && source) { return incidentId; }
      stop();
      if (incidentId === null || incidentId === undefined || !window.EventSource) {
        setProps("em-tick", {disabled: false});
        return null;
      }
      watching = incidentId;
      source = new EventSource("/api/incidents/" + encodeURIComponent(incidentId) + "/events");
      source.addEventListener("open", function () { setProps("em-tick", {disabled: true}); });
      source.addEventListener("change", function (event) {
        let mark = null;
        try { mark = JSON.parse(event.data); } catch (e) { return; }
        setProps("em-pushed", {data: Object.assign({incident: incidentId}, mark)});
      });
      source.addEventListener("error", function () {
        setProps("em-tick", {disabled: false});
        if (source && source.readyState === EventSource.CLOSED) { stop(); }
      });
      return incidentId;
    }
  });
})();
