// ChaosPlane web UI: the little the server-rendered pages need from the browser.
(function () {
  "use strict";

  const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content;
  const csrfHeader = document.querySelector('meta[name="csrf-header"]')?.content;

  // htmx requests carry the session's CSRF token like the forms do.
  document.addEventListener("htmx:configRequest", (event) => {
    if (csrfToken && csrfHeader && event.detail.verb !== "get") {
      event.detail.headers[csrfHeader] = csrfToken;
    }
  });

  // Copy buttons: copy the text of the element they name, and say so.
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-copy]");
    if (!button) return;
    const text = document.getElementById(button.dataset.copy).textContent.trim();
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      const area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    button.textContent = "Copied";
    button.setAttribute("aria-live", "polite");
    setTimeout(() => { button.textContent = "Copy"; }, 2500);
  });

  // A problem's "line n" link selects that line of the editor.
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-line]");
    if (!link) return;
    event.preventDefault();
    const editor = document.querySelector(link.getAttribute("href"));
    const lines = editor.value.split("\n");
    const line = Math.min(Number(link.dataset.line), lines.length) - 1;
    const start = lines.slice(0, line).reduce((sum, l) => sum + l.length + 1, 0);
    editor.focus();
    editor.setSelectionRange(start, start + lines[line].length);
    editor.scrollTop = Math.max(0, line - 3) * parseFloat(getComputedStyle(editor).lineHeight);
  });

  // The fault picker: a search box filters the faults by name, category and description, and the faults the chosen
  // infrastructure's agent reported it cannot run (data-refusals on its option) say so, with the reason below.
  function markFaults() {
    const infra = document.getElementById("infrastructure");
    const faults = document.getElementById("fault");
    const warning = document.getElementById("fault-capability");
    if (!infra || !faults || !warning) return;
    const chosen = infra.selectedOptions[0];
    const refusals = chosen && chosen.dataset.refusals ? JSON.parse(chosen.dataset.refusals) : {};
    faults.querySelectorAll("option[data-name]").forEach((option) => {
      const reason = refusals[option.dataset.name];
      option.textContent = option.dataset.name + (reason ? " (cannot run here)" : "");
      option.classList.toggle("cannot-run", Boolean(reason));
    });
    const fault = faults.value, reason = refusals[fault];
    warning.textContent = reason
      ? "This infrastructure cannot run " + fault + ": " + reason + " (as its agent reported); a run would be refused."
      : "";
  }
  function filterFaults() {
    const search = document.getElementById("fault-search");
    const faults = document.getElementById("fault");
    if (!search || !faults) return;
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const options = Array.from(faults.querySelectorAll("option[data-search]"));
    options.forEach((option) => {
      option.hidden = !words.every((word) => option.dataset.search.includes(word));
    });
    faults.querySelectorAll("optgroup").forEach((group) => {
      group.hidden = Array.from(group.children).every((option) => option.hidden);
    });
    const current = faults.selectedOptions[0];
    const first = options.find((option) => !option.hidden);
    if (first && (!current || current.hidden)) {
      faults.value = first.value;
      faults.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }
  document.addEventListener("input", (event) => {
    if (event.target.id === "fault-search") filterFaults();
  });
  document.addEventListener("change", (event) => {
    if (event.target.id === "infrastructure" || event.target.id === "fault") markFaults();
  });
  document.addEventListener("DOMContentLoaded", markFaults);

  // Relative times stay current; the absolute UTC time is their tooltip.
  function relative(iso) {
    const seconds = Math.round((Date.now() - Date.parse(iso)) / 1000);
    const future = seconds < 0, s = Math.abs(seconds);
    if (s < 45) return future ? "in a few seconds" : "just now";
    const amount = s < 5400 ? Math.max(1, Math.round(s / 60)) + " min" : s < 129600 ? Math.round(s / 3600) + " h"
        : Math.round(s / 86400) + " d";
    return future ? "in " + amount : amount + " ago";
  }
  function refreshTimes(root) {
    root.querySelectorAll("time[data-relative]").forEach((time) => { time.textContent = relative(time.dateTime); });
  }
  setInterval(() => refreshTimes(document), 30000);
  document.addEventListener("htmx:afterSwap", (event) => refreshTimes(event.detail.target.parentNode || document));

  // The dashboard's 30-day trend.
  function drawTrend() {
    const chart = document.getElementById("trend-chart");
    if (!chart || typeof uPlot === "undefined") return;
    const trend = JSON.parse(chart.dataset.trend);
    const days = trend.days.map((day) => Date.parse(day + "T12:00:00Z") / 1000);
    const width = () => Math.max(280, chart.clientWidth);
    const plot = new uPlot({
      width: width(), height: 240,
      scales: { y: { range: [0, 100] } },
      axes: [{}, { label: "score" }],
      series: [{}, { label: "average score", stroke: "#4338ca", width: 2, spanGaps: true, points: { size: 6 } }],
      legend: { show: false },
    }, [days, trend.scores], chart);
    window.addEventListener("resize", () => plot.setSize({ width: width(), height: 240 }));
  }

  // A run's or a workflow's page: the part that changes (#live) is fetched again whenever the WebSocket brings an
  // update for it, and now and then besides, for changes inside a step that do not move the run's phase.
  let liveRefreshed = () => {};
  function followLive() {
    const live = () => document.getElementById("live");
    if (!live()) return;
    const finished = () => live().dataset.finished === "true";
    let refreshing = false;
    function refresh() {
      if (refreshing) return;
      refreshing = true;
      htmx.ajax("GET", live().dataset.liveUrl, { target: "#live", swap: "outerHTML" })
          .finally(() => { refreshing = false; liveRefreshed(); });
    }
    let socketDelay = 1000, reconnecting = false;
    function connect() {
      if (finished()) return;
      const socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/api/v1/ws");
      socket.onopen = () => {
        socketDelay = 1000;
        socket.send(JSON.stringify({ type: "subscribe", resource: live().dataset.liveResource,
                                     namespace: live().dataset.liveNamespace }));
        if (reconnecting) refresh(); // whatever changed while it was away
        reconnecting = true;
      };
      socket.onmessage = (message) => {
        const update = JSON.parse(message.data);
        if (update.type === "update" && update.name === live().dataset.liveName) {
          // counted for the browser tests, which check that the page is kept live over the WebSocket
          document.documentElement.dataset.liveUpdates = Number(document.documentElement.dataset.liveUpdates || 0) + 1;
          refresh();
        }
      };
      socket.onclose = () => {
        if (!finished()) setTimeout(connect, socketDelay = Math.min(socketDelay * 2, 30000));
      };
    }
    connect();
    const slowLook = setInterval(() => { if (finished()) clearInterval(slowLook); else refresh(); }, 15000);
  }

  // A run's log pane follows the chosen fault's stream through the control plane's SSE proxy.
  function followLogs() {
    const lines = document.getElementById("log-lines");
    if (!lines) return;
    const runId = lines.dataset.runId;
    const select = document.getElementById("log-stream");
    const state = document.getElementById("log-state");
    let source = null, stream = null, nextPos = 0, ended = false, retry = null, retryDelay = 2000;
    function faultStarted(streamId) {
      const fault = document.querySelector('.fault[data-stream="' + CSS.escape(streamId) + '"] .badge');
      return fault && fault.textContent !== "Pending" && fault.textContent !== "Queued";
    }
    function append(line) {
      const atBottom = lines.scrollHeight - lines.scrollTop - lines.clientHeight < 40;
      const item = document.createElement("li");
      item.className = "lvl-" + (line.level || "info").toLowerCase();
      item.dataset.pos = line.pos;
      item.dataset.written = line.time || "";
      const time = document.createElement("span");
      time.className = "t";
      time.textContent = (line.time || "").replace("T", " ").replace(/\.\d+Z$|Z$/, "");
      item.append(time, document.createTextNode(line.out));
      lines.appendChild(item);
      while (lines.childElementCount > 5000) lines.firstElementChild.remove();
      if (atBottom) lines.scrollTop = lines.scrollHeight;
    }
    function open() {
      clearTimeout(retry);
      if (source || ended) return;
      // a stream with lines is followed again at once (a paused fault's stays open for its resume)
      if (nextPos === 0 && !faultStarted(stream)) {
        state.textContent = "Waiting for the fault to start…";
        return; // the next refresh of the tree tries again
      }
      source = new EventSource("/api/v1/runs/" + runId + "/logs/tail?streamID=" + encodeURIComponent(stream)
          + "&fromPos=" + nextPos);
      state.textContent = "Following the log…";
      source.addEventListener("line", (event) => {
        const line = JSON.parse(event.data);
        nextPos = Math.max(nextPos, (line.pos ?? nextPos) + 1);
        retryDelay = 2000;
        append(line);
      });
      source.addEventListener("end", () => {
        ended = true;
        source.close();
        source = null;
        state.textContent = "The log is complete: " + lines.childElementCount + " lines.";
      });
      source.onerror = () => {
        // the stream may not exist yet, or the connection dropped: come back for the lines we miss
        source.close();
        source = null;
        state.textContent = "Waiting for log lines…";
        retry = setTimeout(open, retryDelay = Math.min(retryDelay * 2, 15000));
      };
    }
    function choose() {
      if (source) source.close();
      source = null; ended = false; nextPos = 0; retryDelay = 2000;
      stream = select.value;
      lines.replaceChildren();
      open();
    }
    liveRefreshed = () => { if (!source && !ended && stream) open(); };
    select.addEventListener("change", choose);
    choose();
  }

  document.addEventListener("DOMContentLoaded", () => {
    drawTrend();
    followLogs();
    followLive();
  });
})();
