/*
 * A conversation, live: messages arrive over /ws/chat/<id>/ and are appended as text (never
 * HTML); the form sends over the socket when it is open (a file, or no socket, falls back to
 * the normal POST); scrolling to the top loads older messages; the conversation is marked
 * read while the page is visible; "is typing" shows for a few seconds.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-chat]");
  if (!root || !("WebSocket" in window)) return;
  var list = root.querySelector("[data-messages]");
  var form = root.querySelector("[data-chat-form]");
  var typingLine = root.querySelector("[data-typing]");
  var me = Number(root.dataset.me);
  var socket = null;
  var lastTypingSent = 0;
  var typingTimer = null;
  var loadingOlder = false;

  function timeText(iso) {
    var date = new Date(iso);
    return ("0" + date.getHours()).slice(-2) + ":" + ("0" + date.getMinutes()).slice(-2);
  }

  function render(message) {
    var item = document.createElement("li");
    item.className = "chat__message" + (message.author === me ? " chat__message--mine" : "");
    item.id = "message-" + message.id;
    item.dataset.messageId = String(message.id);
    var author = document.createElement("strong");
    author.className = "chat__author";
    author.textContent = message.author_name;
    item.appendChild(author);
    if (message.deleted) {
      var gone = document.createElement("em");
      gone.className = "muted";
      gone.textContent = root.dataset.deletedLabel;
      item.appendChild(gone);
    } else {
      var body = document.createElement("span");
      body.className = "chat__body";
      body.textContent = message.body;
      item.appendChild(body);
      if (message.attachment) {
        // The members-only download route, with this message's id in place of the 0.
        var file = document.createElement("a");
        file.className = "chat__attachment";
        file.href = root.dataset.attachmentUrl.replace(/\/0\/$/, "/" + message.id + "/");
        file.setAttribute("download", "");
        file.textContent = " " + root.dataset.attachmentLabel + ": " + message.attachment;
        item.appendChild(file);
      }
      if (message.edited) {
        var edited = document.createElement("small");
        edited.className = "muted";
        edited.textContent = " " + root.dataset.editedLabel;
        item.appendChild(edited);
      }
    }
    var time = document.createElement("time");
    time.dateTime = message.created_at;
    time.textContent = " " + timeText(message.created_at);
    item.appendChild(time);
    return item;
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function markRead() {
    if (document.visibilityState === "visible") send({ type: "read" });
  }

  function oldestId() {
    var first = list.querySelector("[data-message-id]");
    return first ? Number(first.dataset.messageId) : null;
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + "/ws/chat/" + root.dataset.conversation + "/");
    socket.addEventListener("open", markRead);
    socket.addEventListener("message", function (event) {
      var frame = JSON.parse(event.data);
      if (frame.type === "message") {
        if (!document.getElementById("message-" + frame.message.id)) {
          list.appendChild(render(frame.message));
          list.scrollTop = list.scrollHeight;
        }
        typingLine.textContent = "";
        if (frame.message.author !== me) markRead();
      } else if (frame.type === "changed") {
        var old = document.getElementById("message-" + frame.message.id);
        if (old) old.replaceWith(render(frame.message));
      } else if (frame.type === "typing") {
        typingLine.textContent = (frame.name || "") + " " + root.dataset.typingLabel;
        window.clearTimeout(typingTimer);
        typingTimer = window.setTimeout(function () {
          typingLine.textContent = "";
        }, 4000);
      } else if (frame.type === "history") {
        var older = list.querySelector(".chat__older");
        if (older) older.remove();
        var height = list.scrollHeight;
        frame.messages.forEach(function (message) {
          list.insertBefore(render(message), list.firstChild);
        });
        list.scrollTop = list.scrollHeight - height;
        loadingOlder = frame.messages.length === 0;
      } else if (frame.type === "error" && frame.message) {
        document.dispatchEvent(new CustomEvent("toast", { detail: { level: "error", message: frame.message } }));
      }
    });
    socket.addEventListener("close", function (event) {
      if (event.code === 4403 || event.code === 4401) {
        if (form) form.hidden = true;
        return;
      }
      window.setTimeout(connect, 2000);
    });
  }

  if (form) {
    var input = form.querySelector("textarea");
    var file = form.querySelector("input[type=file]");
    form.addEventListener("submit", function (event) {
      if (file && file.files.length) return; // files go with the form's POST
      var body = input.value.trim();
      if (!body) return;
      if (send({ type: "message", body: body })) {
        event.preventDefault();
        input.value = "";
      }
    });
    input.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTypingSent > 3000) {
        lastTypingSent = now;
        send({ type: "typing" });
      }
    });
  }

  list.addEventListener("scroll", function () {
    if (list.scrollTop > 10 || loadingOlder) return;
    var before = oldestId();
    if (before && send({ type: "history", before: before })) loadingOlder = true;
  });
  document.addEventListener("visibilitychange", markRead);
  list.scrollTop = list.scrollHeight;
  connect();
})();
