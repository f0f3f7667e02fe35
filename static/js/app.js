/*
 * The layout's behaviour: theme button, toasts, language picker and the service worker.
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
    close.textContent = "\u00d7";
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

  function start() {
    setupThemeButton();
    setupToasts();
    setupAutoSubmit();
    registerServiceWorker();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
