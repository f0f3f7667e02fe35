/*
 * Runs in <head> before the first paint so the page never flashes the wrong theme, and sets
 * data-theme on <html>, which is all app.css looks at (its dark palette is declared once).
 * A choice saved by the theme button wins; otherwise the page follows the system setting,
 * also when it changes while the page is open.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  var query = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  root.classList.add("js");

  function saved() {
    try {
      var theme = window.localStorage.getItem("theme");
      return theme === "light" || theme === "dark" ? theme : null;
    } catch (error) {
      return null; // Storage can be blocked (private mode, strict settings): follow the system.
    }
  }

  function apply() {
    root.setAttribute("data-theme", saved() || (query && query.matches ? "dark" : "light"));
  }

  apply();
  if (query) {
    var onChange = function () {
      if (!saved()) apply();
    };
    if (query.addEventListener) query.addEventListener("change", onChange);
    else if (query.addListener) query.addListener(onChange);
  }
})();
