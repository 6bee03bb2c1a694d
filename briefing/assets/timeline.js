// Timeline filter: show entries by topic, or the key events only; a year with no entry shown is hidden with its heading.
// Without JavaScript every entry is shown (and the filter, which could not work, is not).
(function () {
  "use strict";
  function setUp() {
    var filter = document.querySelector(".timeline-filter");
    if (!filter) { return; }
    var boxes = filter.querySelectorAll("input[type=checkbox][value]");
    var keyOnly = filter.querySelector("input[data-key-only]");
    var entries = document.querySelectorAll(".timeline-page li.entry");
    var count = filter.querySelector(".timeline-count");
    function apply() {
      var wanted = {};
      boxes.forEach(function (b) { if (b.checked) { wanted[b.value] = true; } });
      var shown = 0;
      entries.forEach(function (li) {
        var topics = (li.getAttribute("data-topics") || "").split(" ").filter(Boolean);
        var visible = (topics.length === 0 || topics.some(function (t) { return wanted[t]; })) &&
          (!keyOnly || !keyOnly.checked || li.hasAttribute("data-key"));
        li.hidden = !visible;
        if (visible) { shown += 1; }
      });
      document.querySelectorAll(".timeline-page .timeline-year").forEach(function (year) {
        year.hidden = !year.querySelector("li.entry:not([hidden])");
      });
      count.textContent = "(" + shown + " of " + entries.length + " entries shown)";
    }
    boxes.forEach(function (b) { b.addEventListener("change", apply); });
    if (keyOnly) { keyOnly.addEventListener("change", apply); }
    filter.hidden = false;
    apply();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUp); } else { setUp(); }
})();
