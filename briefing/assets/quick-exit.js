// Quick exit: the "Leave this site" link (first in every page) and the Escape key take the reader to a
// neutral page with location.replace, so that Back does not return to the page they left.
// Before leaving, the page is blanked and what the site keeps in Web Storage is forgotten: Material
// stores the colour scheme (localStorage) and a few view states (sessionStorage) under the site's path,
// e.g. "/.__palette"; anyone opening the browser's storage could see the site was visited.
// Browsers do not let a page remove other entries of the tab's history: pages of this site visited
// before the one left remain there (the README says so to readers' advocates).
//
// Escape leaves unless it has something else to do first: while the search is open Escape closes it
// (a second Escape then leaves); while focus is in a text field Escape belongs to the field; while a
// citation popover is open Escape dismisses it (WCAG 1.4.13). Escape with a modifier key is ignored.
(function () {
  "use strict";
  var leaving = false;
  document.documentElement.classList.add("quick-exit-ready");

  function scopePath() {
    try {
      return (window.__md_scope || new URL(".", location.href)).pathname;
    } catch (e) {
      return "/";
    }
  }

  function forget(name) {
    try {
      var storage = window[name];
      var prefix = scopePath();
      for (var i = storage.length - 1; i >= 0; i--) {
        var key = storage.key(i);
        if (key !== null && key.indexOf(prefix) === 0) { storage.removeItem(key); }
      }
    } catch (e) { /* storage disabled: nothing was stored */ }
  }

  function leave() {
    if (leaving) { return; }
    leaving = true;
    var link = document.querySelector("a[data-quick-exit]");
    var url = link ? link.href : "about:blank";
    document.documentElement.classList.add("quick-exit-leaving");
    document.title = "";
    forget("localStorage");
    forget("sessionStorage");
    location.replace(url);
  }

  function busy() {
    var search = document.getElementById("__search");
    if (search && search.checked) { return true; }
    var el = document.activeElement;
    if (el && (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT" ||
        (el.tagName === "INPUT" && !/^(checkbox|radio|button|submit|reset|image|range|color|file)$/i.test(el.type)))) {
      return true;
    }
    return document.querySelector("[data-closes-on-escape]:not([hidden])") !== null;
  }

  // Capture phase on window: runs before Material's own Escape handling (which closes the search).
  window.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) { return; }
    if (busy()) { return; }
    event.preventDefault();
    leave();
  }, true);

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target instanceof Element && target.closest("a[data-quick-exit]")) {
      event.preventDefault();
      leave();
    }
  });

  // A page restored from the back/forward cache must not stay blank.
  window.addEventListener("pageshow", function () {
    leaving = false;
    document.documentElement.classList.remove("quick-exit-leaving");
  });
})();
