// Citation popovers: hovering or focusing a citation (a.citation) shows the quoted passage and its source
// in one shared role="tooltip" element, referenced by the citation's aria-describedby while it is shown.
// WCAG 1.4.13 (content on hover or focus): the pointer can move onto the popover without it closing
// (hoverable); it stays until the pointer or focus leaves (persistent); Escape dismisses it without
// moving focus (dismissable) and without triggering the quick exit (quick-exit.js lets an open
// [data-closes-on-escape] element have Escape first). All text is set with textContent: the quote
// comes from the content and is never parsed as HTML. Citations carry no title attribute: Material's
// content.tooltips feature would attach a second, competing tooltip to it.
// On a touch screen there is no hover: the first tap on a citation opens its popover (which links on to the
// passage, "Read it in the document"), a second tap on the same citation follows it, a tap elsewhere closes it.
(function () {
  "use strict";
  var tip = null;
  var current = null;
  var dismissed = null;
  var timer = null;

  function part(tag, className) {
    var el = document.createElement(tag);
    el.className = className;
    return el;
  }

  // What the build proved of every citation (briefing/claims.py, briefing/verify.py); the rest is the editors' judgement.
  var CHECKED = "Checked at every build: this passage is in the archived document, and the figures, quoted words, " +
    "negations and dates of the sentence it supports are found in the passages that sentence cites.";

  function build() {
    tip = part("div", "citation-popover");
    tip.id = "citation-popover";
    tip.setAttribute("role", "tooltip");
    tip.setAttribute("data-closes-on-escape", "");
    tip.hidden = true;
    tip.appendChild(part("p", "citation-popover__quote"));
    tip.appendChild(part("p", "citation-popover__source"));
    tip.appendChild(part("p", "citation-popover__checked"));
    tip.lastChild.textContent = CHECKED;
    var go = part("a", "citation-popover__open");
    go.textContent = "Read it in the document";
    tip.appendChild(go);
    tip.addEventListener("mouseenter", cancel);
    tip.addEventListener("mouseleave", later);
    document.body.appendChild(tip);
  }

  function cancel() {
    if (timer !== null) { clearTimeout(timer); timer = null; }
  }

  function later() {
    cancel();
    timer = setTimeout(hide, 300);
  }

  function place(link) {
    var r = link.getBoundingClientRect();
    var width = Math.min(tip.offsetWidth, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
    var top = r.bottom + 6;
    if (top + tip.offsetHeight > window.innerHeight - 8 && r.top - tip.offsetHeight - 6 > 8) {
      top = r.top - tip.offsetHeight - 6;
    }
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (top + window.scrollY) + "px";
  }

  function show(link) {
    if (link === dismissed) { return; }
    cancel();
    if (current && current !== link) { current.removeAttribute("aria-describedby"); }
    current = link;
    // a quoted table row is shown as its cells (data-cells), never with the transcription's pipes
    var quote = link.getAttribute("data-cells") || link.getAttribute("data-quote") || "";
    var source = [link.getAttribute("data-reference"), link.getAttribute("data-locator")].filter(Boolean).join(", ");
    tip.firstChild.textContent = "\u201C" + quote + "\u201D";
    tip.children[1].textContent = source;
    tip.children[3].setAttribute("href", link.getAttribute("href"));
    link.setAttribute("aria-describedby", tip.id);
    tip.hidden = false;
    place(link);
  }

  function hide() {
    cancel();
    if (current) { current.removeAttribute("aria-describedby"); }
    current = null;
    if (tip) { tip.hidden = true; }
  }

  function citation(target) {
    return target instanceof Element ? target.closest("a.citation") : null;
  }

  var touched = false;
  var previewed = false;

  function init() {
    build();
    document.addEventListener("pointerdown", function (event) {
      touched = event.pointerType === "touch" || event.pointerType === "pen";
      var link = citation(event.target);
      previewed = touched && link !== null && link === current && !tip.hidden;  // before the tap's focus opens it
      if (touched && current && !link && !tip.contains(event.target)) { hide(); }
    });
    document.addEventListener("click", function (event) {
      var link = citation(event.target);
      if (!link || !touched) { return; }
      if (!previewed) {  // the first tap previews; the next one on it follows the link
        event.preventDefault();
        dismissed = null;
        show(link);
      }
    });
    document.addEventListener("mouseover", function (event) {
      var link = citation(event.target);
      if (touched) { return; }  // a tap's emulated mouse events: the click handler decides
      if (link) { show(link); }
    });
    document.addEventListener("mouseout", function (event) {
      var link = citation(event.target);
      if (!link || link.contains(event.relatedTarget)) { return; }
      if (dismissed === link) { dismissed = null; }
      if (link === current && document.activeElement !== link) { later(); }
    });
    document.addEventListener("focusin", function (event) {
      var link = citation(event.target);
      dismissed = null;
      if (link) { show(link); } else if (current && !tip.contains(event.target)) { hide(); }
    });
    document.addEventListener("focusout", function (event) {
      var link = citation(event.target);
      if (link && link === current && !link.matches(":hover") && !tip.contains(event.relatedTarget)) { hide(); }
    });
    document.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && current && !tip.hidden) {
        dismissed = current;
        hide();
        event.preventDefault();
      }
    });
    window.addEventListener("resize", function () { if (current) { place(current); } });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
