/* Colour mode: follow prefers-color-scheme until the visitor chooses, then remember the choice.
   Loaded in <head> without defer so the page never flashes the wrong theme. */
(function () {
  "use strict";
  var KEY = "netfix-theme";
  function preferred() {
    var stored = null;
    try { stored = window.localStorage.getItem(KEY); } catch (e) { /* storage may be blocked */ }
    if (stored === "light" || stored === "dark") { return stored; }
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  function apply(theme) { document.documentElement.setAttribute("data-bs-theme", theme); }
  apply(preferred());
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
      button.addEventListener("click", function () {
        var next = document.documentElement.getAttribute("data-bs-theme") === "dark" ? "light" : "dark";
        try { window.localStorage.setItem(KEY, next); } catch (e) { /* remember for this page only */ }
        apply(next);
      });
    });
  });
}());
