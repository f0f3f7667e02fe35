/*
 * Exam proctoring: asks for fullscreen (a browser allows it only after a click) and reports
 * tab hidden, window blur, fullscreen exit, copy and paste as timestamped events to the
 * server, which flags the attempt past the exam's threshold. Nothing is decided here.
 * Hooks: [data-proctored][data-events-url], [data-fullscreen-button], [data-fullscreen-prompt].
 */
(function () {
  "use strict";

  function csrfToken() {
    var holder = document.querySelector("[hx-headers]");
    if (holder) {
      try {
        var headers = JSON.parse(holder.getAttribute("hx-headers"));
        if (headers["X-CSRFToken"]) return headers["X-CSRFToken"];
      } catch (error) {
        // fall through to the cookie
      }
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function setup() {
    var root = document.querySelector("[data-proctored]");
    if (!root) return;
    var url = root.dataset.eventsUrl;
    var lastHiddenAt = 0;
    var wasFullscreen = false;

    function send(kind) {
      window.fetch(url, {
        method: "POST",
        credentials: "same-origin",
        keepalive: true,
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ kind: kind, occurred_at: new Date().toISOString() }),
      }).catch(function () {
        // Offline: the event is lost, the exam goes on.
      });
    }

    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        lastHiddenAt = Date.now();
        send("tab_hidden");
      }
    });
    window.addEventListener("blur", function () {
      // Switching tabs also blurs the window: count that once.
      if (Date.now() - lastHiddenAt > 1000 && document.visibilityState !== "hidden") {
        send("window_blur");
      }
    });
    document.addEventListener("fullscreenchange", function () {
      var now = Boolean(document.fullscreenElement);
      if (wasFullscreen && !now) send("fullscreen_exit");
      wasFullscreen = now;
      var prompt = root.querySelector("[data-fullscreen-prompt]");
      if (prompt) prompt.hidden = now;
    });
    document.addEventListener("copy", function () {
      send("copy");
    });
    document.addEventListener("paste", function () {
      send("paste");
    });

    var button = root.querySelector("[data-fullscreen-button]");
    if (button) {
      button.addEventListener("click", function () {
        var element = document.documentElement;
        if (!element.requestFullscreen) return;
        element.requestFullscreen().catch(function () {
          send("fullscreen_denied");
        });
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
