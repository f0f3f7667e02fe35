/*
 * The bell: its unread badge follows /ws/notifications/ (the "hello" frame carries the count,
 * each "notification" frame the new count), and a new notification shows as a toast. The
 * socket reconnects after a drop, slower each time. On the preferences page, the push
 * button asks the browser's permission (only on that click), subscribes with the server's
 * VAPID key and registers the subscription with the API.
 */
(function () {
  "use strict";

  var bell = document.querySelector("[data-notification-bell]");
  var retryMs = 1000;

  function setCount(count) {
    if (!bell || typeof count !== "number") return;
    var badge = bell.querySelector("[data-unread]");
    badge.textContent = count > 99 ? "99+" : String(count);
    badge.hidden = count === 0;
    bell.dataset.unreadCount = String(count);
    document.dispatchEvent(new CustomEvent("notifications:unread", { detail: { count: count } }));
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/notifications/");
    socket.addEventListener("open", function () {
      retryMs = 1000;
    });
    socket.addEventListener("message", function (event) {
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (frame.type === "hello") setCount(frame.unread);
      if (frame.type === "notification") {
        setCount(frame.unread);
        document.dispatchEvent(
          new CustomEvent("toast", { detail: { level: "info", message: frame.notification.title } })
        );
        document.dispatchEvent(new CustomEvent("notifications:new", { detail: frame.notification }));
      }
    });
    socket.addEventListener("close", function (event) {
      // Signed out, or the email is not verified yet: nothing to listen to.
      if (event.code === 4401 || event.code === 4403) return;
      window.setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 60000);
    });
  }

  // --- Web push --------------------------------------------------------------------------

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function csrfToken() {
    var headers = document.body.getAttribute("hx-headers");
    try {
      return JSON.parse(headers)["X-CSRFToken"];
    } catch (error) {
      return "";
    }
  }

  function setupPushButton() {
    var button = document.querySelector("[data-push-enable]");
    if (!button) return;
    var status = document.querySelector("[data-push-status]");
    function say(text) {
      if (status) status.textContent = text;
    }
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      button.disabled = true;
      say(button.dataset.unsupported);
      return;
    }
    button.addEventListener("click", function () {
      // Asked here, on the person's click, never on page load.
      Notification.requestPermission()
        .then(function (permission) {
          if (permission !== "granted") throw new Error("denied");
          return navigator.serviceWorker.ready;
        })
        .then(function (registration) {
          return registration.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: keyBytes(button.dataset.vapidKey),
          });
        })
        .then(function (subscription) {
          return fetch(button.dataset.subscribeUrl, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
            body: JSON.stringify(subscription.toJSON()),
          });
        })
        .then(function (response) {
          if (!response.ok) throw new Error("refused");
          say(button.dataset.done);
        })
        .catch(function (error) {
          say(error.message === "denied" ? button.dataset.denied : button.dataset.unsupported);
        });
    });
  }

  function start() {
    if (bell && "WebSocket" in window) connect();
    setupPushButton();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
