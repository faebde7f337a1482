/* NetFix behaviour for every page. No inline scripts anywhere, so a strict CSP can be switched on.
   - toasts: show Django messages rendered by includes/messages.html
   - htmx: mark the element being updated as busy (aria-busy) while a request runs */
(function () {
  "use strict";
  function showToasts(root) {
    if (!window.bootstrap) { return; }
    root.querySelectorAll(".toast:not(.show)").forEach(function (element) {
      window.bootstrap.Toast.getOrCreateInstance(element).show();
    });
  }
  document.addEventListener("DOMContentLoaded", function () { showToasts(document); });
  document.addEventListener("htmx:beforeRequest", function (event) {
    event.detail.elt.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    event.detail.elt.removeAttribute("aria-busy");
  });
  document.addEventListener("htmx:afterSettle", function (event) { showToasts(event.detail.elt); });
}());
