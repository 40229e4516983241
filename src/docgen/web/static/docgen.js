// docgen web: the only script. Follows a running build by asking for its progress; the page
// works without it (reload to see progress).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.getAttribute("data-running") !== "1") { return; }
  var url = box.getAttribute("data-status");
  var every = parseInt(box.getAttribute("data-poll"), 10) || 1000;

  function fill(list, items, make) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    items.forEach(function (text) { list.appendChild(make(text)); });
  }

  function item(tag, cls) {
    return function (text) {
      var el = document.createElement(tag);
      if (cls) { el.className = cls; }
      el.textContent = text;
      return el;
    };
  }

  function show(job) {
    var bar = document.getElementById("bar");
    bar.max = job.total || 1;
    bar.value = job.done;
    document.getElementById("count").textContent = job.done + "/" + (job.total || "?");
    fill(document.getElementById("lines"), job.lines, item("li"));
    var errors = document.getElementById("errors");
    if (job.errors.length) { fill(errors, job.errors, item("pre", "err")); }
    var notes = document.getElementById("notes");
    if (notes && job.notes && job.notes.length) { fill(notes, job.notes, item("pre", "note")); }
    var state = document.getElementById("state");
    if (job.running) { return; }
    var took = job.seconds === null ? "" : " (" + job.seconds.toFixed(1) + " giây)";
    state.className = job.errors.length ? "error" : "ok";
    state.textContent = job.errors.length
      ? "Xong, có " + job.errors.length + " lỗi" + took + "."
      : "Xong" + took + ".";
    box.setAttribute("data-running", "0");
    var banner = document.getElementById("running-banner");
    if (banner) { banner.parentNode.removeChild(banner); }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (job) { show(job); if (job.running) { setTimeout(poll, every); } })
      .catch(function () { setTimeout(poll, every * 3); });
  }
  setTimeout(poll, every);
}());
