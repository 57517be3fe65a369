/* Local Ecommerce Casebook: load the chart runtime when the first chart nears the screen.
   casekit.sphinxext adds this script (deferred) only to the pages that draw a chart, with
   data-runtime (and data-world on pages with a map) naming the scripts to load from the
   same folder. Each chart script (casekit/render.py) calls casekitCharts(el, draw) once the
   page is parsed; draw() runs when its chart comes within a screen of view, after the
   runtime (830 KB) has loaded, so the text paints first and charts never seen cost nothing.
   Works from disk (file://) too: plain <script> elements, no fetch(). */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) { return; }
  var base = me.src.replace(/[^\/]*$/, "");
  var names = [me.getAttribute("data-runtime"), me.getAttribute("data-world")].filter(Boolean);
  var loading = null;

  function load(name) {
    return new Promise(function (resolve) {
      var s = document.createElement("script");
      s.src = base + name;
      s.onload = resolve;
      s.onerror = function () { console.error("casekit: could not load " + name); resolve(); };
      document.head.appendChild(s);
    });
  }
  function runtime() {
    if (!loading) {
      loading = names.reduce(function (done, name) {
        return done.then(function () { return load(name); });
      }, Promise.resolve());
    }
    return loading;
  }
  var waiting = [];
  var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) { return; }
      observer.unobserve(entry.target);
      waiting.forEach(function (w) { if (w.el === entry.target && !w.done) { w.done = true; runtime().then(w.draw); } });
    });
  }, { rootMargin: "0px 0px 100% 0px" }) : null;

  function drawAll() {
    waiting.forEach(function (w) { if (!w.done) { w.done = true; runtime().then(w.draw); } });
  }
  // Printing shows every chart.
  window.addEventListener("beforeprint", drawAll);

  // The theme gives scrollable boxes a tab stop when the page loads (axe: scrollable regions
  // must be reachable by keyboard); a chart drawn later may make its box scrollable.
  window.casekitChartDrawn = function (el) {
    for (var node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      var style = window.getComputedStyle(node);
      var scrolls = (node.scrollWidth > node.clientWidth && /auto|scroll/.test(style.overflowX)) ||
        (node.scrollHeight > node.clientHeight && /auto|scroll/.test(style.overflowY));
      // The theme wrote tabindex="-1" on the boxes that did not scroll when the page loaded.
      if (scrolls && node.tabIndex < 0) { node.setAttribute("tabindex", "0"); }
    }
  };

  window.casekitCharts = function (el, draw) {
    waiting.push({ el: el, draw: draw, done: false });
    if (observer) { observer.observe(el); } else { drawAll(); }
  };
})();
