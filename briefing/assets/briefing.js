// Highlight the passage a citation points at: the <mark>s whose data-cites include the anchor, with a link
// back to the claim it supports just above it (text set with textContent: the claim comes from the content).
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
      offerReturn(id, marks[0]);
      marks[0].setAttribute("tabindex", "-1");
      marks[0].scrollIntoView({ block: "center" });
      marks[0].focus({ preventScroll: true });
    }
  }
  // A way back to the claim the passage supports: the cited-by list names it; put its link beside the passage.
  function offerReturn(id, mark) {
    var old = document.querySelector(".passage-return");
    if (old) { old.parentNode.removeChild(old); }
    var line = document.querySelector("ol.cited-by a[href='#" + id + "']");
    var claim = line && line.parentNode.querySelector("a.cited-by-claim");
    var host = mark.closest(".line");
    if (!claim || !host) { return; }
    var box = document.createElement("div");
    box.className = "passage-return";
    var link = document.createElement("a");
    link.href = claim.getAttribute("href");
    link.textContent = "\u2190 Back to the claim this passage supports: " + claim.textContent;
    box.appendChild(link);
    host.parentNode.insertBefore(box, host);
  }
  window.addEventListener("hashchange", highlight);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", highlight); } else { highlight(); }
})();
