// Charts. The static SVG in the page is the chart: it works without JavaScript and in print.
// With JavaScript, when a chart scrolls into view, the site's own copy of vega-embed
// (assets/vega-embed.js, never another server) draws the same spec again, adding tooltips.
// Expressions are interpreted (ast: true), never compiled with eval, so a Content-Security-Policy
// of script-src 'self' is enough. Anything that fails leaves the static chart in place.
(function () {
  "use strict";
  var graphics = document.querySelectorAll(".chart-graphic[data-spec]");
  var self = document.currentScript;
  if (!graphics.length || !self || !self.src || !window.fetch || !window.Promise) { return; }
  var bundle = self.src.replace(/charts\.js([?#].*)?$/, "vega-embed.js");
  var loading = null;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = bundle;
        script.async = true;
        script.onload = function () {
          if (window.briefingVegaEmbed) { resolve(window.briefingVegaEmbed); } else { reject(new Error("vega-embed did not load")); }
        };
        script.onerror = function () { reject(new Error("could not load " + bundle)); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function enhance(graphic) {
    var spec = fetch(graphic.getAttribute("data-spec"), { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(response.status + " " + response.url); }
      return response.json();
    });
    Promise.all([load(), spec]).then(function (loaded) {
      var live = document.createElement("div");
      live.className = "chart-live";
      live.setAttribute("aria-hidden", "true"); // the static SVG keeps the chart's name and description
      graphic.appendChild(live);
      return loaded[0](live, loaded[1], {
        mode: "vega", renderer: "svg", actions: false, ast: true, defaultStyle: false,
        tooltip: { theme: "briefing", disableDefaultStyle: true }
      }).then(function () { graphic.classList.add("is-live"); });
    }).catch(function (error) {
      if (window.console) { console.warn("The chart stays static:", error); }
    });
  }

  if ("IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); enhance(entry.target); }
      });
    }, { rootMargin: "200px" });
    graphics.forEach(function (graphic) { observer.observe(graphic); });
  } else {
    graphics.forEach(enhance);
  }
})();
