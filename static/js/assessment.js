/*
 * Taking an attempt: the countdown runs from the server's deadline (data-deadline), corrected
 * for this device's clock by the server's time when the page was made (data-server-now), so
 * a reload shows the same time left. At zero the attempt is submitted; the server would
 * refuse later answers anyway. Autosave is htmx (hx-post on each question's form); this
 * file only shows a save that failed.
 * Hooks: [data-attempt][data-deadline][data-server-now], [data-countdown],
 *        [data-submit-form], [data-saved]. No inline scripts (CSP).
 */
(function () {
  "use strict";

  function pad(number) {
    return number < 10 ? "0" + number : String(number);
  }

  function format(seconds) {
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = seconds % 60;
    return (hours ? hours + ":" + pad(minutes) : String(minutes)) + ":" + pad(rest);
  }

  function startCountdown(root) {
    var output = root.querySelector("[data-countdown]");
    var deadline = Date.parse(root.dataset.deadline || "");
    var serverNow = Date.parse(root.dataset.serverNow || "");
    if (!output || isNaN(deadline)) return;
    var skew = isNaN(serverNow) ? 0 : serverNow - Date.now();
    var submitted = false;

    function tick() {
      var left = Math.max(0, Math.floor((deadline - (Date.now() + skew)) / 1000));
      output.textContent = format(left);
      output.parentElement.classList.toggle("assessment-timer--low", left <= 60);
      if (left === 0 && !submitted) {
        submitted = true;
        var form = root.querySelector("[data-submit-form]");
        if (form) form.submit();
        return;
      }
      window.setTimeout(tick, 1000 - ((Date.now() + skew) % 1000));
    }
    tick();
  }

  function showSaveErrors(root) {
    root.addEventListener("htmx:responseError", function (event) {
      var form = event.target.closest("form");
      var status = form && form.querySelector("[data-saved]");
      if (status) status.textContent = event.detail.xhr.responseText || "Not saved";
    });
    root.addEventListener("htmx:sendError", function (event) {
      var form = event.target.closest("form");
      var status = form && form.querySelector("[data-saved]");
      if (status) status.textContent = status.dataset.offline || "Offline: not saved yet";
    });
  }

  function setup() {
    var root = document.querySelector("[data-attempt]");
    if (!root) return;
    startCountdown(root);
    showSaveErrors(root);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
