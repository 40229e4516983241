// The document form (edit.html): checks the form as the clerk types (POST /documents/validate,
// the CLI's messages placed beside their fields) and shows the preview's pages without leaving
// the page. Without this script the form works the same through its buttons.
(function () {
  "use strict";
  var form = document.getElementById("doc-form");
  if (!form) return;
  var status = document.getElementById("checking");
  var timer = null;
  var sent = 0;

  function body() {
    return new URLSearchParams(new FormData(form));
  }

  function place(problems) {
    form.querySelectorAll("ul.msg").forEach(function (ul) { ul.innerHTML = ""; });
    form.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    var loose = form.querySelector('ul.msg[data-for=""]');
    problems.forEach(function (p) {
      var ul = p.path ? form.querySelector('ul.msg[data-for="' + CSS.escape(p.path) + '"]') : null;
      var li = document.createElement("li");
      li.textContent = p.message;
      if (p.hint) {
        var hint = document.createElement("span");
        hint.className = "hint";
        hint.textContent = " Gợi ý: " + p.hint;
        li.appendChild(hint);
      }
      (ul || loose).appendChild(li);
      if (ul && ul.parentElement) ul.parentElement.classList.add("has-error");
    });
    var summary = document.getElementById("summary");
    document.getElementById("summary-count").textContent = problems.length;
    summary.hidden = problems.length === 0;
  }

  function check() {
    var mine = ++sent;
    status.textContent = "Đang kiểm tra…";
    fetch("/documents/validate", { method: "POST", body: body(), credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        if (mine !== sent) return; // a later check is on its way
        place(answer.problems);
        if (answer.nominees) showList(answer.nominees);
        status.textContent = answer.problems.length
          ? answer.problems.length + " lỗi"
          : "Không có lỗi";
      })
      .catch(function () { status.textContent = "Không kiểm tra được (mất kết nối?)"; });
  }

  // a proposal's nominee list (edited in another tab): what it holds, where it is edited
  function showList(list) {
    var state = document.getElementById("nominee-state");
    var link = document.getElementById("nominee-link");
    if (!state || !link) return;
    state.textContent = list.exists
      ? "Danh sách của đơn vị năm " + list.year + ": " + list.collectives + " tập thể, " +
        list.individuals + " cá nhân."
      : "Đơn vị chưa có danh sách đề nghị năm " + list.year + ".";
    link.href = list.url;
    link.textContent = list.exists ? "Sửa danh sách" : "Lập danh sách";
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  // back from the nominee list's tab: the form checked again with the list as saved
  if (document.getElementById("nominee-list")) window.addEventListener("focus", later);

  var button = document.getElementById("preview-button");
  var pages = document.getElementById("preview");
  var holder = document.getElementById("preview-pages");
  if (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      button.disabled = true;
      status.textContent = "Đang dựng các trang…";
      fetch("/documents/preview", { method: "POST", body: body(), credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (answer) {
          place(answer.problems);
          holder.innerHTML = "";
          answer.pages.forEach(function (src, i) {
            var img = document.createElement("img");
            img.src = src;
            img.alt = "Trang " + (i + 1);
            holder.appendChild(img);
          });
          pages.hidden = answer.pages.length === 0;
          status.textContent = answer.pages.length
            ? answer.pages.length + " trang (" + (answer.ms / 1000).toFixed(1) + " giây)"
            : "Sửa các lỗi rồi xem trước lại";
          if (answer.pages.length) pages.scrollIntoView({ behavior: "smooth", block: "start" });
        })
        .catch(function () { status.textContent = "Không dựng được trang (mất kết nối?)"; })
        .then(function () { button.disabled = false; });
    });
  }
})();
