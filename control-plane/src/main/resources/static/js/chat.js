// The Topology page's chat panel: posts the question to /api/chat and shows the answer, how it was computed and
// follow-up questions (each a button that asks it). Built with DOM calls only: the CSP allows no inline script.
(function () {
  "use strict";
  const main = document.getElementById("main");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-question");
  const log = document.getElementById("chat-log");
  if (!main || !form || !input || !log) {
    return;
  }
  const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content;
  const csrfHeader = document.querySelector('meta[name="csrf-header"]')?.content;
  const scope = "organizationIdentifier=" + encodeURIComponent(main.dataset.org)
      + "&projectIdentifier=" + encodeURIComponent(main.dataset.project);

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function show(question, body) {
    const entry = element("div", "chat-entry");
    entry.appendChild(element("p", "", "Q: " + question));
    if (body.error) {
      const problems = (body.errors || []).map(function (e) { return e.field + ": " + e.message; }).join("; ");
      entry.appendChild(element("p", "error", body.error + (problems ? " (" + problems + ")" : "")));
    } else {
      const answer = element("p", "");
      answer.appendChild(element("strong", "", body.answer));
      entry.appendChild(answer);
      if (body.data && body.data.method) {
        entry.appendChild(element("p", "muted small", "How: " + body.data.method));
      }
      const details = element("details", "");
      details.appendChild(element("summary", "", "Data (" + body.intent + ")"));
      details.appendChild(element("pre", "", JSON.stringify(body.data, null, 2)));
      entry.appendChild(details);
      if (body.suggestions && body.suggestions.length) {
        const list = element("div", "chat-suggestions");
        body.suggestions.forEach(function (suggestion) {
          const button = element("button", "button secondary small", suggestion);
          button.type = "button";
          button.addEventListener("click", function () { ask(suggestion); });
          list.appendChild(button);
        });
        entry.appendChild(list);
      }
    }
    log.insertBefore(entry, log.firstChild);
  }

  function ask(question) {
    const headers = {"Accept": "application/json", "Content-Type": "application/json"};
    if (csrfToken && csrfHeader) {
      headers[csrfHeader] = csrfToken;
    }
    fetch("/api/chat?" + scope, {method: "POST", headers: headers, credentials: "same-origin",
        body: JSON.stringify({question: question})})
        .then(function (response) { return response.json(); })
        .then(function (body) { show(question, body); })
        .catch(function () { show(question, {error: "The question could not be sent"}); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const question = input.value.trim();
    if (question) {
      ask(question);
      input.value = "";
    }
  });
})();
