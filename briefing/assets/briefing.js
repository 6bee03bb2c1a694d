// Highlight the passage a citation points at: the <mark>s whose data-cites include the anchor.
(function () {
  "use strict";
  function highlight() {
    var id = decodeURIComponent(location.hash.slice(1)).split(":~:")[0];
    document.querySelectorAll("mark.cited.current").forEach(function (m) { m.classList.remove("current"); });
    if (id.indexOf("cite-") !== 0) { return; }
    var marks = Array.prototype.filter.call(document.querySelectorAll("mark.cited"), function (m) {
      return (m.getAttribute("data-cites") || "").split(" ").indexOf(id) >= 0;
    });
    marks.forEach(function (m) { m.classList.add("current"); });
    if (marks.length) {
      marks[0].setAttribute("tabindex", "-1");
      marks[0].scrollIntoView({ block: "center" });
      marks[0].focus({ preventScroll: true });
    }
  }
  window.addEventListener("hashchange", highlight);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", highlight); } else { highlight(); }
})();
