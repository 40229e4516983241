// docgen web: the nominee grid. A block of cells copied in Excel or LibreOffice Calc comes as
// tab-separated text: pasted into a cell, it fills the grid from that cell (a first line naming
// the columns places each column under its title). Rows can be added, moved and removed. The
// page works without this script: the "Dán từ Excel" box and the Xóa boxes do the same.
(function () {
  "use strict";
  var table = document.getElementById("grid");
  if (!table) { return; }
  var body = table.tBodies[0];
  var fields = JSON.parse(table.getAttribute("data-fields"));
  var aliases = JSON.parse(table.getAttribute("data-aliases"));
  var maxRows = parseInt(table.getAttribute("data-max-rows"), 10) || 1000;

  // a column title as docgen.excel.table.header_key compares it
  function headerKey(text) {
    var key = text.normalize("NFC").toLowerCase();
    key = key.replace(/\(\s*\*\s*\)|\*/g, " ").replace(/\s+/g, " ").trim();
    key = key.replace(/:$/, "").trim();
    return key.replace(/\s*([\/,])\s*/g, "$1 ").split("/ ").join("/").trim();
  }

  // tab-separated text as spreadsheets copy it: quoted cells may hold tabs, line breaks, ""
  function splitCells(text) {
    var rows = [], row = [], cell = "", quoted = false, i = 0;
    text = text.replace(/\r\n?/g, "\n");
    while (i < text.length) {
      var ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        if (ch === '"') { quoted = false; i += 1; continue; }
        cell += ch; i += 1; continue;
      }
      if (ch === '"' && cell === "") { quoted = true; i += 1; continue; }
      if (ch === "\t") { row.push(cell); cell = ""; i += 1; continue; }
      if (ch === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i += 1; continue; }
      cell += ch; i += 1;
    }
    if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
    return rows.filter(function (r) { return r.some(function (c) { return c.trim() !== ""; }); });
  }

  function dataRows() {
    return Array.prototype.filter.call(body.rows, function (r) {
      return r.classList.contains("grid-row");
    });
  }

  function tokenOf(tr) { return tr.querySelector('input[name="row"]').value; }

  function cellInput(tr, field) {
    return tr.querySelector('[name="r' + tokenOf(tr) + "." + field + '"]');
  }

  function renumber() {
    dataRows().forEach(function (tr, i) { tr.cells[0].firstChild.nodeValue = String(i + 1); });
  }

  function newRow() {
    var rows = dataRows();
    var model = rows[rows.length - 1];
    var next = 1 + Math.max.apply(null, rows.map(function (r) { return parseInt(tokenOf(r), 10); }));
    var tr = model.cloneNode(true);
    var old = "r" + tokenOf(model) + ".";
    tr.classList.remove("bad");
    Array.prototype.forEach.call(tr.querySelectorAll(".cell-error"), function (e) { e.remove(); });
    Array.prototype.forEach.call(tr.querySelectorAll("td.bad"), function (e) { e.classList.remove("bad"); });
    Array.prototype.forEach.call(tr.querySelectorAll("input, textarea"), function (el) {
      if (el.name === "row") { el.value = String(next); return; }
      el.name = el.name.replace(old, "r" + next + ".");
      if (el.type === "checkbox") { el.checked = false; } else { el.value = ""; }
    });
    body.appendChild(tr);
    addButtons(tr);
    renumber();
    return tr;
  }

  function addButtons(tr) {
    var ops = tr.querySelector("td.ops");
    if (!ops || ops.querySelector("button")) { return; }
    [["↑", "Chuyển lên"], ["↓", "Chuyển xuống"], ["×", "Xóa dòng"]].forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = b[0];
      button.title = b[1];
      button.className = "small op";
      button.addEventListener("click", function () {
        var rows = dataRows(), at = rows.indexOf(tr);
        if (b[0] === "↑" && at > 0) { body.insertBefore(tr, rows[at - 1]); }
        if (b[0] === "↓" && at < rows.length - 1) { body.insertBefore(rows[at + 1], tr); }
        if (b[0] === "×") {
          if (rows.length === 1) { newRow(); }
          var after = tr.nextElementSibling;
          if (after && after.classList.contains("row-errors")) { after.remove(); }
          tr.remove();
        }
        renumber();
      });
      ops.appendChild(button);
    });
  }

  function onPaste(event) {
    var target = event.target;
    var data = event.clipboardData || window.clipboardData;
    if (!data) { return; }
    var text = data.getData("text/plain") || data.getData("Text");
    if (!text || (text.indexOf("\t") < 0 && text.indexOf("\n") < 0)) { return; }
    var lines = splitCells(text);
    if (!lines.length) { return; }
    event.preventDefault();
    var tr = target.closest("tr.grid-row");
    var field = target.name.split(".").pop();
    var columns = null;
    var known = lines[0].map(function (c) { return aliases[headerKey(c)] || null; });
    if (known.indexOf("name") >= 0 && known.filter(Boolean).length >= 2) {
      columns = known;
      lines = lines.slice(1);
    } else {
      var from = Math.max(0, fields.indexOf(field));
      columns = lines[0].map(function (_, i) { return fields[from + i] || null; });
      columns = lines.reduce(function (cols, line) {
        while (cols.length < line.length) { cols.push(fields[from + cols.length] || null); }
        return cols;
      }, columns);
    }
    var rows = dataRows();
    var at = rows.indexOf(tr);
    lines.forEach(function (line) {
      if (dataRows().length >= maxRows) { return; }
      var row = rows[at] || newRow();
      at += 1;
      line.forEach(function (value, i) {
        var name = columns[i];
        var input = name ? cellInput(row, name) : null;
        if (input) { input.value = value.trim(); }
      });
    });
    var note = document.getElementById("paste-note");
    if (note) { note.textContent = "Đã dán " + lines.length + " dòng; hãy xem lại rồi bấm Lưu."; }
  }

  dataRows().forEach(addButtons);
  body.addEventListener("paste", onPaste);
  var add = document.querySelector('button[name="action"][value="add"]');
  if (add) {
    add.addEventListener("click", function (event) { event.preventDefault(); newRow(); });
  }
}());
