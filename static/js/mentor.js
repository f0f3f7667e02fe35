/* The mentor's answer, token by token: the form POSTs to its data-stream-url and reads the
 * server-sent events (`data: {json}` lines) from the response body. "Stop" aborts the
 * request; the server keeps what was said so far. Without JavaScript the form posts
 * normally and the page shows the whole answer. No inline scripts (CSP). */
(function () {
  "use strict";
  var form = document.getElementById("mentor-form");
  if (!form || !window.fetch || !window.ReadableStream) return;
  var list = document.getElementById("mentor-messages");
  var send = document.getElementById("mentor-send");
  var stop = document.getElementById("mentor-stop");
  var text = document.getElementById("mentor-text");
  var controller = null;

  function bubble(role, label) {
    var item = document.createElement("li");
    item.className = "card mentor-message mentor-message--" + role;
    var meta = document.createElement("p");
    meta.className = "card__meta";
    meta.textContent = label;
    var body = document.createElement("div");
    body.className = "card__body";
    var para = document.createElement("p");
    para.style.whiteSpace = "pre-wrap";
    body.appendChild(para);
    item.appendChild(meta);
    item.appendChild(body);
    list.appendChild(item);
    return { item: item, meta: meta, text: para };
  }

  function showSources(target, sources) {
    if (!sources.length) return;
    var nav = document.createElement("nav");
    nav.setAttribute("aria-label", form.dataset.labelSources);
    var ul = document.createElement("ul");
    ul.className = "mentor-sources";
    sources.forEach(function (source) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = source.url;
      a.textContent = source.lesson;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" (" + source.course + ")"));
      ul.appendChild(li);
    });
    nav.appendChild(ul);
    target.item.appendChild(nav);
  }

  function handle(event, answer) {
    if (event.type === "sources") {
      if (event.provider) answer.meta.textContent += " · " + event.provider;
      answer.sources = event.sources;
    } else if (event.type === "token") {
      answer.text.textContent += event.text;
    } else if (event.type === "error") {
      answer.text.textContent = event.message;
    }
  }

  function finish(answer) {
    controller = null;
    send.disabled = false;
    stop.hidden = true;
    if (answer && answer.sources) showSources(answer, answer.sources);
  }

  stop.addEventListener("click", function () {
    if (controller) controller.abort();
  });

  form.addEventListener("submit", function (submitEvent) {
    submitEvent.preventDefault();
    if (controller || !text.value.trim()) return;
    var data = new FormData(form);
    bubble("user", form.dataset.labelYou).text.textContent = text.value;
    var answer = bubble("assistant", form.dataset.labelMentor);
    text.value = "";
    send.disabled = true;
    stop.hidden = false;
    controller = new AbortController();
    fetch(form.dataset.streamUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "text/event-stream" },
      signal: controller.signal,
    })
      .then(function (response) {
        if (!response.ok) {
          return response.json().then(function (body) {
            answer.text.textContent = (body.error && body.error.message) || form.dataset.labelFailed;
          });
        }
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) return;
            buffer += decoder.decode(chunk.value, { stream: true });
            var events = buffer.split("\n\n");
            buffer = events.pop();
            events.forEach(function (raw) {
              if (raw.indexOf("data:") === 0) handle(JSON.parse(raw.slice(5)), answer);
            });
            return pump();
          });
        }
        return pump();
      })
      .catch(function (error) {
        if (error.name === "AbortError") {
          answer.text.textContent += " " + form.dataset.labelStopped;
        } else {
          answer.text.textContent = form.dataset.labelFailed;
        }
      })
      .then(function () {
        finish(answer);
      });
  });
})();
