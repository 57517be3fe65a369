/* Local Ecommerce Casebook: "What did places like mine do?" in the page.
   The points and reasons are casekit.matching's own, written into the page at build time
   (casekit.places.form, data in <script type="application/json" id="casekit-places-data">).
   This script only adds the parts for the reader's choices in the order
   casekit.matching.similar_cases does (country, theme, size, focus, level), sorts by points
   then case id, and shows the first eight. No network: works from file:// too.
   Loaded on every page by Jupyter Book; does nothing on pages without the form. */
(function () {
  "use strict";
  function rank(data, choice) {
    var shared = data.pairs[choice.country] || {};
    var rows = data.cases.map(function (c) {
      var parts = [shared[String(c.home)] || [0, []]];
      if (choice.themes.indexOf(c.themeId) !== -1) { parts.push(c.themes); }
      if (choice.size) { parts.push(c.size[choice.size]); }
      if (choice.focus) { parts.push(c.focus[choice.focus]); }
      if (choice.level) { parts.push(c.level[choice.level]); }
      var score = 0, reasons = [];
      parts.forEach(function (p) {
        score += p[0];
        p[1].forEach(function (i) { reasons.push(data.reasons[i]); });
      });
      return { c: c, score: score, reasons: reasons.join("; ") || data.noMatch };
    });
    rows.sort(function (a, b) {
      if (a.score !== b.score) { return b.score - a.score; }
      return a.c.id < b.c.id ? -1 : (a.c.id > b.c.id ? 1 : 0);
    });
    return rows.slice(0, data.top);
  }
  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  }
  function init() {
    var form = document.getElementById("casekit-places-form");
    var source = document.getElementById("casekit-places-data");
    if (!form || !source) { return; }
    var data = JSON.parse(source.textContent);
    var hint = document.getElementById("casekit-places-nojs");
    if (hint) { hint.parentNode.removeChild(hint); }
    var table = document.getElementById("casekit-places-results");
    var status = document.getElementById("casekit-places-status");
    var names = {};
    data.countries.forEach(function (c) { names[c[0]] = c[1]; });
    function choice() {
      var themes = Array.prototype.filter.call(form.querySelectorAll("input[name=theme]"), function (b) {
        return b.checked;
      }).map(function (b) { return b.value; });
      return {
        country: form.elements.country.value,
        size: form.elements.size.value,
        focus: form.elements.focus.value,
        level: form.elements.level.value,
        themes: themes
      };
    }
    function update() {
      var chosen = choice();
      var rows = rank(data, chosen);
      var body = table.tBodies[0];
      while (body.firstChild) { body.removeChild(body.firstChild); }
      rows.forEach(function (r, i) {
        var tr = document.createElement("tr");
        tr.setAttribute("data-case", r.c.id);
        tr.setAttribute("data-score", String(r.score));
        cell(tr, String(i + 1));
        var link = document.createElement("a");
        link.href = r.c.href;
        link.textContent = r.c.title;
        cell(tr, "").appendChild(link);
        cell(tr, r.c.place);
        cell(tr, r.c.country);
        cell(tr, r.c.theme);
        cell(tr, String(r.score));
        cell(tr, r.reasons).className = "casekit-places-reasons";
        cell(tr, r.c.evidence);
        body.appendChild(tr);
      });
      table.hidden = false;
      var words = data.words || {};  /* the edition's words, from casekit.places */
      var where = names[chosen.country];
      table.caption.textContent = words.caption ? words.caption.replace("{country}", where)
        : "Cases ranked by what they share with your place in " + where;
      status.textContent = words.status ? words.status.replace("{count}", String(rows.length)).replace("{country}", where)
        : rows.length + " cases listed for " + where + ".";
    }
    form.addEventListener("change", update);
    form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
    update();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
