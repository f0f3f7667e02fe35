/*
 * Runs in <head> before the first paint so the page never flashes the wrong theme.
 * A choice saved by the theme button wins; otherwise the page follows the system setting
 * (the CSS media query does that on its own, even without JavaScript).
 */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var saved = window.localStorage.getItem("theme");
    if (saved === "light" || saved === "dark") {
      root.setAttribute("data-theme", saved);
    }
  } catch (error) {
    // Storage can be blocked (private mode, strict settings): follow the system.
  }
})();
