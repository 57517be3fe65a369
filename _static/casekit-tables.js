/* Local Ecommerce Casebook: sort and filter tables marked class="casekit-sortable".
   Plain JavaScript, no library; loaded on every page by Jupyter Book (it adds every
   _static/*.js), and does nothing on pages without such a table. */
(function () {
  "use strict";
  function cellText(row, i) {
    var cell = row.cells[i];
    return cell ? cell.textContent.trim() : "";
  }
  // "1,234", "-5", "2.5" and "12 %" are numbers; the book writes thousands with commas.
  var NUMBER = /^-?[\d,]*\.?\d+\s*%?$/;
  function number(text) {
    return NUMBER.test(text) ? parseFloat(text.replace(/[,%\s]/g, "")) : NaN;
  }
  function compare(a, b) {
    var x = number(a), y = number(b);
    if (!isNaN(x) && !isNaN(y)) { return x - y; }
    if (!isNaN(x)) { return -1; }  // numbers before text such as "not reported"
    if (!isNaN(y)) { return 1; }
    return a.localeCompare(b);
  }
  function enhance(table) {
    var body = table.tBodies[0];
    if (!body) { return; }
    var label = document.createElement("label");
    label.className = "casekit-filter";
    label.textContent = "Filter: ";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "place, theme, instrument…";
    label.appendChild(input);
    table.parentNode.insertBefore(label, table);
    var count = document.createElement("p");
    count.className = "casekit-count";
    count.setAttribute("role", "status");
    count.setAttribute("aria-live", "polite");
    table.parentNode.insertBefore(count, table);
    function showCount() {
      var total = body.rows.length, shown = 0;
      Array.prototype.forEach.call(body.rows, function (row) { if (!row.hidden) { shown += 1; } });
      count.textContent = shown === total ? "Showing all " + total + " rows." : "Showing " + shown + " of " + total + " rows.";
    }
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(body.rows, function (row) {
        row.hidden = q !== "" && row.textContent.toLowerCase().indexOf(q) === -1;
      });
      showCount();
    });
    showCount();
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "casekit-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var c = compare(cellText(a, i), cellText(b, i));
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  function init() { Array.prototype.forEach.call(document.querySelectorAll("table.casekit-sortable"), enhance); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
