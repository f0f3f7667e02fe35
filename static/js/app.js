/*
 * The layout's behaviour: theme button, toasts, language picker, the service worker, offline
 * reading and queued progress, loading skeletons and error toasts for htmx.
 * Everything works without this file; it only makes the pages nicer. No inline scripts
 * anywhere (the Content-Security-Policy forbids them), so pages hook in with data-* attributes.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  var darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var TOAST_SECONDS = 6;

  // --- Theme ---------------------------------------------------------------------------

  function currentTheme() {
    var chosen = root.getAttribute("data-theme");
    if (chosen === "light" || chosen === "dark") return chosen;
    return darkQuery && darkQuery.matches ? "dark" : "light";
  }

  function updateThemeButton(button) {
    var dark = currentTheme() === "dark";
    button.setAttribute("aria-pressed", dark ? "true" : "false");
    var label = dark ? button.dataset.labelLight : button.dataset.labelDark;
    if (label) {
      button.setAttribute("aria-label", label);
      button.setAttribute("title", label);
    }
  }

  function setupThemeButton() {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) return;
    button.hidden = false;
    updateThemeButton(button);
    button.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try {
        window.localStorage.setItem("theme", next);
      } catch (error) {
        // Not saved; the choice still holds for this page.
      }
      updateThemeButton(button);
    });
    if (darkQuery && darkQuery.addEventListener) {
      darkQuery.addEventListener("change", function () {
        updateThemeButton(button);
      });
    }
  }

  // --- Toasts --------------------------------------------------------------------------

  function toastRegion() {
    return document.getElementById("toasts");
  }

  function dismiss(toast) {
    if (!toast.isConnected) return;
    toast.classList.add("toast--leaving");
    window.setTimeout(function () {
      toast.remove();
    }, 200);
  }

  // Errors stay until closed; other toasts leave after a while, but not while the
  // pointer or keyboard focus is on them.
  function armToast(toast) {
    var close = toast.querySelector("[data-toast-close]");
    if (close) {
      close.addEventListener("click", function () {
        dismiss(toast);
      });
    }
    if (toast.classList.contains("toast--error")) return;
    var timer = null;
    function start() {
      timer = window.setTimeout(function () {
        dismiss(toast);
      }, TOAST_SECONDS * 1000);
    }
    function stop() {
      window.clearTimeout(timer);
    }
    toast.addEventListener("mouseenter", stop);
    toast.addEventListener("mouseleave", start);
    toast.addEventListener("focusin", stop);
    toast.addEventListener("focusout", start);
    start();
  }

  // The same inline SVG as templates/includes/icons/close.svg (no glyph a phone may lack).
  function closeIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "icon");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "24");
    svg.setAttribute("height", "24");
    svg.setAttribute("fill", "none");
    svg.setAttribute("stroke", "currentColor");
    svg.setAttribute("stroke-width", "1.75");
    svg.setAttribute("stroke-linecap", "round");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M6 6l12 12M18 6 6 18");
    svg.appendChild(path);
    return svg;
  }

  function showToast(level, message) {
    var region = toastRegion();
    if (!region || !message) return;
    var known = ["success", "info", "warning", "error", "debug"];
    var toast = document.createElement("div");
    toast.className = "toast toast--" + (known.indexOf(level) >= 0 ? level : "info");
    var text = document.createElement("p");
    text.className = "toast__message";
    text.textContent = message; // text, never HTML
    var close = document.createElement("button");
    close.type = "button";
    close.className = "toast__close";
    close.setAttribute("data-toast-close", "");
    close.setAttribute("aria-label", region.dataset.closeLabel || "Close");
    close.appendChild(closeIcon());
    toast.appendChild(text);
    toast.appendChild(close);
    region.appendChild(toast);
    armToast(toast);
  }

  // The server sends `HX-Trigger: {"toast": [{"level": ..., "message": ...}]}` with htmx
  // responses (student_pwa/middleware.py); htmx wraps a non-object value as {value: ...}.
  function onToastEvent(event) {
    var detail = event.detail || {};
    var items = Array.isArray(detail.value) ? detail.value : Array.isArray(detail) ? detail : [detail];
    items.forEach(function (item) {
      if (item && typeof item.message === "string") showToast(item.level || "info", item.message);
    });
  }

  function setupToasts() {
    var region = toastRegion();
    if (region) region.querySelectorAll(".toast").forEach(armToast);
    document.addEventListener("toast", onToastEvent);
  }

  // --- Language picker -----------------------------------------------------------------

  function setupAutoSubmit() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () {
        var form = select.form;
        if (!form) return;
        if (form.requestSubmit) form.requestSubmit();
        else form.submit();
      });
    });
  }

  // --- Service worker ------------------------------------------------------------------

  function registerServiceWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/serviceworker.js", { scope: "/" }).catch(function (error) {
      if (window.console) console.warn("Service worker not registered:", error);
    });
  }

  // --- Offline -------------------------------------------------------------------------
  // The service worker keeps roadmaps and lessons as they are opened; this part says so,
  // says when the network is gone, and queues "Mark as done" taps made offline
  // (forms with data-offline-queue), sending them when the connection returns.

  var QUEUE_KEY = "lms-progress-queue";
  var SESSION_KEY = "lms-session";

  function statusBox() {
    return document.querySelector("[data-offline-status]");
  }

  function statusText(name) {
    var box = statusBox();
    return box ? box.getAttribute("data-text-" + name) || "" : "";
  }

  var pageSaved = false;

  function showStatus() {
    var box = statusBox();
    if (!box) return;
    var text = "";
    var state = "";
    if (!navigator.onLine) {
      text = statusText(pageSaved ? "offline" : "offline-plain");
      state = "offline";
    } else if (pageSaved) {
      text = statusText("saved");
      state = "saved";
    }
    box.textContent = text;
    box.setAttribute("data-state", state);
    box.hidden = !text;
  }

  function readQueue() {
    try {
      var items = JSON.parse(window.localStorage.getItem(QUEUE_KEY) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (error) {
      return [];
    }
  }

  function writeQueue(items) {
    try {
      if (items.length) window.localStorage.setItem(QUEUE_KEY, JSON.stringify(items));
      else window.localStorage.removeItem(QUEUE_KEY);
      return true;
    } catch (error) {
      return false;
    }
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  // One entry per URL: marking the same task twice offline sends it once.
  function queueProgress(url) {
    var items = readQueue().filter(function (item) {
      return item.url !== url;
    });
    items.push({ url: url, at: Date.now() });
    return writeQueue(items);
  }

  var flushing = false;

  function flushQueue() {
    var items = readQueue();
    if (flushing || !items.length || !navigator.onLine) return;
    flushing = true;
    var sent = 0;
    var refused = 0;
    var left = [];
    var chain = Promise.resolve();
    items.forEach(function (item) {
      chain = chain.then(function () {
        return window
          .fetch(item.url, {
            method: "POST",
            credentials: "same-origin",
            headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
          })
          .then(function (response) {
            if (response.ok) sent += 1;
            else refused += 1; // signed out, unenrolled, locked: told, not retried forever
          })
          .catch(function () {
            left.push(item); // still no network: kept for next time
          });
      });
    });
    chain.then(function () {
      writeQueue(left);
      flushing = false;
      if (sent) showToast("success", statusText("sent"));
      if (refused) showToast("error", statusText("refused"));
    });
  }

  function askWorker(message) {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
    });
  }

  // A different person signed in on this device (the last one's session ended without a
  // sign-out): nothing of theirs may stay.
  function checkSession() {
    var current = document.body.getAttribute("data-session") || "";
    var previous = "";
    try {
      previous = window.localStorage.getItem(SESSION_KEY) || "";
      if (current) window.localStorage.setItem(SESSION_KEY, current);
    } catch (error) {
      return;
    }
    if (current && previous && previous !== current) {
      writeQueue([]);
      askWorker({ type: "clear" });
    }
  }

  function setupOffline() {
    checkSession();
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.addEventListener("message", function (event) {
        var data = event.data || {};
        if (data.type === "saved" && data.url === window.location.pathname) {
          pageSaved = true;
          showStatus();
        }
      });
      askWorker({ type: "save", url: window.location.pathname });
    }
    window.addEventListener("online", function () {
      showStatus();
      flushQueue();
    });
    window.addEventListener("offline", showStatus);
    document.querySelectorAll("form[data-sign-out]").forEach(function (form) {
      form.addEventListener("submit", function () {
        writeQueue([]);
        askWorker({ type: "clear" });
      });
    });
    showStatus();
    flushQueue();
  }

  // --- htmx: skeletons and failure toasts ------------------------------------------------

  function setupHtmxFeedback() {
    document.addEventListener("htmx:beforeRequest", function (event) {
      var target = event.detail && event.detail.target;
      if (target && target !== document.body) target.setAttribute("aria-busy", "true");
    });
    document.addEventListener("htmx:afterRequest", function (event) {
      var target = event.detail && event.detail.target;
      if (target) target.removeAttribute("aria-busy");
    });
    // No network: a progress form is queued (or refused with a reason), anything else is a toast.
    document.addEventListener("htmx:sendError", function (event) {
      var source = event.detail && event.detail.elt;
      var form = source && source.closest ? source.closest("form[data-offline-queue]") : null;
      if (form && queueProgress(form.getAttribute("action"))) {
        showToast("warning", statusText("queued"));
      } else {
        showToast("error", statusText("network-error"));
      }
    });
    // The server answered with an error and no toast of its own.
    document.addEventListener("htmx:responseError", function (event) {
      var xhr = event.detail && event.detail.xhr;
      var trigger = xhr ? xhr.getResponseHeader("HX-Trigger") || "" : "";
      if (trigger.indexOf("toast") >= 0) return;
      showToast("error", statusText("server-error"));
    });
  }

  // --- Collapsible panels (the catalog's filters on phones) ------------------------------
  // Without JavaScript the panel simply stays open; the button appears with the script.

  function setupCollapsibles() {
    document.querySelectorAll("[data-collapse-toggle]").forEach(function (button) {
      var panel = document.getElementById(button.getAttribute("aria-controls"));
      if (!panel) return;
      panel.setAttribute("data-collapsed", "");
      button.hidden = false;
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") === "true";
        button.setAttribute("aria-expanded", open ? "false" : "true");
        if (open) panel.setAttribute("data-collapsed", "");
        else panel.removeAttribute("data-collapsed");
      });
    });
  }

  function start() {
    setupThemeButton();
    setupToasts();
    setupAutoSubmit();
    registerServiceWorker();
    setupOffline();
    setupHtmxFeedback();
    setupCollapsibles();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
