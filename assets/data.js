/* The data page's upload: the dropped file goes from the browser straight to
   POST /api/datasets (multipart), first as a dry run (the validation report and the map
   preview), then, confirmed, to be stored. The file never passes through a Dash callback. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  onemapData: {
    send: async function (contents, _check, _confirm, filename, name, theme, encoding, crs, gcj) {
      const dc = window.dash_clientside;
      if (!contents) {
        return [dc.no_update, dc.no_update, dc.no_update];
      }
      const trigger = ((dc.callback_context.triggered || [])[0] || {}).prop_id || "";
      const store = trigger.indexOf("data-confirm") === 0;
      const fresh = trigger.indexOf("data-upload") === 0;  // a new file: detect again
      // the data: URL is decoded here (a fetch of it would be refused by connect-src)
      const b64 = contents.slice(contents.indexOf(",") + 1);
      const text = atob(b64);
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i += 1) { bytes[i] = text.charCodeAt(i); }
      const blob = new Blob([bytes], {type: "application/octet-stream"});
      const form = new FormData();
      form.append("file", blob, filename || "upload");
      form.append("name", name || (filename || "").replace(/\.[^.]+$/, ""));
      form.append("theme", theme || "enforcement");
      if (encoding && !fresh) { form.append("encoding", encoding); }
      if (gcj && gcj.length) {
        form.append("crs", "GCJ-02");
      } else if (crs && !fresh) {
        form.append("crs", crs);
      }
      let status = 0;
      let body = {};
      try {
        const response = await fetch("/api/datasets" + (store ? "" : "?dry_run=true"), {
          method: "POST", body: form, credentials: "same-origin",
        });
        status = response.status;
        body = await response.json();
      } catch (err) {
        body = {code: "network", description: String(err)};
      }
      const report = body.report || {};
      const preview = report.preview || null;
      delete report.preview;
      const ext = report.extent;
      const bounds = ext && ext.length === 4 ? [[ext[1], ext[0]], [ext[3], ext[2]]] : dc.no_update;
      return [{status: status, stored: store && status === 201, fresh: fresh, body: body},
              store ? dc.no_update : preview, bounds];
    },
  },
});
