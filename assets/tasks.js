/* Enforcement page (/tasks): map points (and drawn regions) of tasks by status, and the evidence upload that
 * works on a phone: the camera straight into the evidence, and a plain message when an
 * upload did not arrive (the file stays on the page; Retry sends it again; the server
 * answers a repeated file with the stored one, so a retry never makes a duplicate). */
(function () {
  const COLORS = {dispatched: "#1e88e5", accepted: "#00897b", handling: "#f57c00",
                  reported: "#8e24aa", reviewed: "#5e35b1", closed: "#9e9e9e"};
  window.tasks = Object.assign({}, window.tasks, {
    map: {
      point: function (feature, latlng) {
        const p = feature.properties || {};
        return L.circleMarker(latlng, {radius: 7, weight: p.o ? 4 : 1.5,
                                       color: p.o ? "#d32f2f" : "#ffffff",
                                       fillColor: COLORS[p.s] || "#757575", fillOpacity: 0.9});
      },
      /* a task made from a drawn region: its outline, in the colour of its status */
      area: function (feature) {
        const p = feature.properties || {};
        return {color: p.o ? "#d32f2f" : (COLORS[p.s] || "#757575"), weight: p.o ? 4 : 2,
                fillColor: COLORS[p.s] || "#757575", fillOpacity: 0.25};
      },
      tip: function (feature, layer) {
        const p = feature.properties || {};
        layer.bindTooltip("#" + p.id, {sticky: true});
      }
    }
  });

  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (_, k) {
      return values[k] === undefined ? "" : values[k];
    });
  }

  function status(box, text, level, retry) {
    const out = document.getElementById("tk-upload-status");
    if (!out) { return; }
    out.innerHTML = "";
    const p = document.createElement("p");
    p.className = "notice notice--" + level + " tk-upload-msg";
    p.textContent = text;
    out.appendChild(p);
    if (retry) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "btn tk-retry";
      b.textContent = box.dataset.retry;
      b.addEventListener("click", retry);
      p.appendChild(document.createTextNode(" "));
      p.appendChild(b);
    }
  }

  function send(box, file, attempt) {
    const task = box.dataset.task;
    status(box, fmt(box.dataset.sending, {name: file.name}), "info", null);
    const form = new FormData();
    form.append("file", file, file.name || "photo.jpg");
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/tasks/" + task + "/evidence");
    xhr.timeout = 120000;
    const failed = function (why) {
      if (attempt < 2 && (xhr.status === 0 || xhr.status >= 500)) {
        setTimeout(function () { send(box, file, attempt + 1); }, 1500 * (attempt + 1));
        return;
      }
      status(box, fmt(box.dataset.failed, {name: file.name, why: why}), "error",
             function () { send(box, file, 0); });
    };
    xhr.onload = function () {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
      if (xhr.status === 200 || xhr.status === 201) {
        const ev = body.evidence || {};
        status(box, fmt(box.dataset.ok, {name: file.name, sha: (ev.sha256 || "").slice(0, 12)}),
               "info", null);
        const refresh = document.getElementById("tk-uploaded");
        if (refresh) { refresh.click(); }
      } else {
        failed(body.description || ("HTTP " + xhr.status));
      }
    };
    xhr.onerror = function () { failed("network"); };
    xhr.ontimeout = function () { failed("timeout"); };
    xhr.send(form);
  }

  function build(box) {
    if (box.dataset.ready) { return; }
    box.dataset.ready = "1";
    const label = document.createElement("label");
    label.className = "btn tk-photo";
    label.textContent = box.dataset.label;
    const input = document.createElement("input");
    input.type = "file";
    input.id = "tk-photo-input";
    input.setAttribute("accept", "image/*");
    input.setAttribute("capture", "environment");
    input.className = "tk-file";
    input.addEventListener("change", function () {
      Array.prototype.forEach.call(input.files || [], function (f) { send(box, f, 0); });
    });
    label.appendChild(input);
    box.appendChild(label);
    /* any photo or PDF from the device, behind a button in the page's language (the
     * browser's own "Choose File" text would be in the browser's language) */
    const fileLabel = document.createElement("label");
    fileLabel.className = "btn btn--secondary tk-photo tk-photo--file";
    fileLabel.textContent = box.dataset.fileLabel;
    const pdf = document.createElement("input");
    pdf.type = "file";
    pdf.accept = "application/pdf,image/*";
    pdf.className = "tk-file-any";
    pdf.id = "tk-file-input";
    pdf.addEventListener("change", function () {
      Array.prototype.forEach.call(pdf.files || [], function (f) { send(box, f, 0); });
    });
    fileLabel.appendChild(pdf);
    box.appendChild(fileLabel);
  }

  /* Countdowns tick here, once a second, with no request: each carries the seconds left on
   * the app's clock when the server drew it (data-remaining); the time since it appeared is
   * taken off. At the deadline it turns red and its list item overdue. */
  function duration(el, seconds) {
    const s = Math.abs(Math.trunc(seconds));
    const parts = {d: Math.floor(s / 86400), h: Math.floor((s % 86400) / 3600),
                   m: Math.floor((s % 3600) / 60), s: s % 60};
    return fmt(parts.d ? el.dataset.dh : el.dataset.hms, parts);
  }

  function tick() {
    const now = Date.now();
    document.querySelectorAll(".tk-countdown[data-remaining]").forEach(function (el) {
      if (el._base !== el.dataset.remaining) {  // new, or redrawn by the server
        el._base = el.dataset.remaining;
        el._seen = now;
      }
      const left = Number(el._base) - (now - el._seen) / 1000;
      const over = left < 0;
      const text = fmt(over ? el.dataset.over : el.dataset.left, {d: duration(el, left)});
      // change React's own text node (replacing it would leave React updating a lost one)
      const node = el.firstChild;
      if (node && node.nodeType === 3) { node.nodeValue = text; } else { el.textContent = text; }
      el.classList.toggle("tk-countdown--overdue", over);
      el.classList.toggle("tk-countdown--soon", !over && left < 86400);
      const item = el.closest(".tk-item");
      if (item && over) { item.classList.add("tk-item--overdue"); }
    });
  }
  setInterval(tick, 1000);

  function scan() {
    document.querySelectorAll(".tk-upload[data-task]").forEach(build);
  }
  new MutationObserver(scan).observe(document.documentElement, {childList: true,
                                                                subtree: true});
  document.addEventListener("DOMContentLoaded", scan);
})();
