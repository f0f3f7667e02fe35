/*
 * The lesson video player: resumes at the saved position and reports where the student is
 * (every ~10 s while playing, on pause, on end and when the page is hidden), so another
 * device resumes there too. When the server says the video's watch task completed itself,
 * the lesson's task list is refreshed through htmx and a toast tells the student.
 * Hooks: <video data-player data-progress-url data-resume-position data-record
 *        data-tasks-url data-csrf-token>. No inline scripts (CSP).
 */
(function () {
  "use strict";

  var SAVE_EVERY_SECONDS = 10;

  function csrfToken(video) {
    if (video.dataset.csrfToken) return video.dataset.csrfToken;
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

  function toast(level, message) {
    if (!message) return;
    document.dispatchEvent(new CustomEvent("toast", { detail: { value: [{ level: level, message: message }] } }));
  }

  function refreshTasks(video) {
    var url = video.dataset.tasksUrl;
    if (!url || !window.htmx || !document.getElementById("lesson-tasks")) return;
    window.htmx.ajax("GET", url, { target: "#lesson-tasks", swap: "outerHTML" });
  }

  function setup(video) {
    if (video.dataset.playerReady) return;
    video.dataset.playerReady = "true";
    var record = video.dataset.record === "true";
    var resumeAt = parseFloat(video.dataset.resumePosition || "0") || 0;
    var lastSent = -1;
    var lastSentAt = 0;
    var sending = false;

    function resume() {
      // Start again from the beginning when the student had (nearly) finished.
      if (resumeAt > 0 && (!video.duration || resumeAt < video.duration - 5)) {
        try {
          video.currentTime = resumeAt;
        } catch (error) {
          // Some browsers refuse before enough data is loaded; the next event retries.
          return;
        }
      }
      resumeAt = 0;
    }

    function save(force) {
      if (!record || sending || !video.duration || !isFinite(video.duration)) return;
      var position = Math.floor(video.currentTime);
      var now = Date.now();
      if (!force && (position === lastSent || now - lastSentAt < SAVE_EVERY_SECONDS * 1000)) return;
      sending = true;
      lastSent = position;
      lastSentAt = now;
      fetch(video.dataset.progressUrl, {
        method: "POST",
        credentials: "same-origin",
        keepalive: true,
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(video) },
        body: JSON.stringify({ position_seconds: video.currentTime, duration_seconds: video.duration }),
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (data && data.completed_task_ids && data.completed_task_ids.length) {
            toast("success", data.message);
            refreshTasks(video);
          }
        })
        .catch(function () {
          // Offline: the next save carries the position.
        })
        .finally(function () {
          sending = false;
        });
    }

    if (video.readyState >= 1) resume();
    else video.addEventListener("loadedmetadata", resume, { once: true });
    video.addEventListener("timeupdate", function () {
      save(false);
    });
    video.addEventListener("pause", function () {
      save(true);
    });
    video.addEventListener("ended", function () {
      save(true);
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && !video.paused) save(true);
    });
  }

  function start(root) {
    (root || document).querySelectorAll("video[data-player]").forEach(setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { start(); });
  else start();
  // Pages swapped in by htmx (boosted navigation) get their player too.
  document.addEventListener("htmx:load", function (event) {
    start(event.target);
  });
})();
