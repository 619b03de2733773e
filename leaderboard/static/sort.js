/* Sortable tables for the static leaderboard: no dependencies, no network.
 * A header button sorts its column (numbers by the cell's data-sort value; empty values last
 * in either direction); a second click reverses. Tables with data-rank renumber their first
 * column after each sort. The "rank by" select sorts every table it names (data-table: ids
 * separated by spaces; the rankings and the unranked rows) by a chosen column. */
(function () {
  "use strict";

  function compare(a, b, numeric, dir) {
    if (a === "" && b === "") { return 0; }
    if (a === "") { return 1; }
    if (b === "") { return -1; }
    var r;
    if (numeric) {
      r = parseFloat(a) - parseFloat(b);
    } else {
      r = a.localeCompare(b);
    }
    return dir === "ascending" ? r : -r;
  }

  function sortTable(table, th, dir) {
    var heads = table.tHead.rows[table.tHead.rows.length - 1].cells;
    var col = Array.prototype.indexOf.call(heads, th);
    var numeric = th.getAttribute("data-type") === "num";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, i) { row.setAttribute("data-pos", String(i)); });
    rows.sort(function (x, y) {
      var a = x.cells[col].getAttribute("data-sort") || "";
      var b = y.cells[col].getAttribute("data-sort") || "";
      var r = compare(a, b, numeric, dir);
      return r !== 0 ? r : parseInt(x.getAttribute("data-pos"), 10) - parseInt(y.getAttribute("data-pos"), 10);
    });
    rows.forEach(function (row) { row.removeAttribute("data-pos"); body.appendChild(row); });
    Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    if (table.hasAttribute("data-rank")) {
      rows.forEach(function (row, i) {
        row.cells[0].textContent = String(i + 1);
        row.cells[0].setAttribute("data-sort", String(i + 1));
      });
    }
  }

  function nextDirection(th) {
    var current = th.getAttribute("aria-sort");
    if (current === "descending") { return "ascending"; }
    if (current === "ascending") { return "descending"; }
    return th.getAttribute("data-type") === "num" ? "descending" : "ascending";
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.tHead.rows[table.tHead.rows.length - 1].cells;
    Array.prototype.forEach.call(heads, function (th) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        sortTable(table, th, nextDirection(th));
      });
    });
  });

  var select = document.getElementById("rank-by");
  if (select) {
    select.addEventListener("change", function () {
      select.getAttribute("data-table").split(" ").forEach(function (id) {
        var table = document.getElementById(id);
        if (!table) { return; }
        var th = table.querySelector('th[data-key="' + select.value + '"]');
        if (th) { sortTable(table, th, "descending"); }
      });
    });
  }
}());
