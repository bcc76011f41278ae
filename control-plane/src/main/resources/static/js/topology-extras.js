// The Topology page's what-if panel, risk heat map, score history and badges, each from the API (the page's own
// session, CSRF header on writes). Kept apart from topology.js, which draws the graph and the simulation.
(function () {
  "use strict";
  const main = document.getElementById("main");
  if (!main || !document.getElementById("heatmap")) {
    return;
  }
  const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content;
  const csrfHeader = document.querySelector('meta[name="csrf-header"]')?.content;
  const scope = "organizationIdentifier=" + encodeURIComponent(main.dataset.org)
      + "&projectIdentifier=" + encodeURIComponent(main.dataset.project);

  function url(path) {
    return path + (path.includes("?") ? "&" : "?") + scope;
  }

  function call(method, path, body) {
    const headers = {"Accept": "application/json"};
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    if (method !== "GET" && csrfToken && csrfHeader) {
      headers[csrfHeader] = csrfToken;
    }
    return fetch(url(path), {method: method, headers: headers, credentials: "same-origin",
        body: body === undefined ? undefined : JSON.stringify(body)})
      .then(function (response) {
        return response.json().catch(function () { return {}; })
          .then(function (json) { return {ok: response.ok, status: response.status, body: json}; });
      });
  }

  function el(tag, content, className) {
    const element = document.createElement(tag);
    if (content !== undefined && content !== null) {
      element.textContent = content;
    }
    if (className) {
      element.className = className;
    }
    return element;
  }

  function problem(answer) {
    const body = answer.body || {};
    if (body.errors && body.errors.length) {
      return body.errors.map(function (e) { return e.field + ": " + e.message; }).join("; ");
    }
    return body.error || ("refused (" + answer.status + ")");
  }

  // What-if: the chosen component's fields start from what it has now; only what differs is sent.
  function whatIf() {
    const form = document.getElementById("whatif-form");
    if (!form) {
      return;
    }
    const select = document.getElementById("whatif-component");
    const replicas = document.getElementById("whatif-replicas");
    function prefill() {
      const option = select.options[select.selectedIndex];
      replicas.value = option ? option.dataset.replicas : "";
    }
    select.addEventListener("change", prefill);
    prefill();
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const change = {};
      const option = select.options[select.selectedIndex];
      if (replicas.value && replicas.value !== option.dataset.replicas) {
        change.replicas = Number(replicas.value);
      }
      if (document.getElementById("whatif-failover").checked) {
        change.failover = true;
      }
      if (document.getElementById("whatif-breaker").checked) {
        change.circuit_breaker = true;
      }
      if (document.getElementById("whatif-autoscaling").checked) {
        change.autoscaling = true;
      }
      const modifications = {};
      modifications[select.value] = change;
      const result = document.getElementById("whatif-result");
      result.replaceChildren(el("p", "Calculating…"));
      call("POST", "/api/whatif/calculate", {modifications: modifications}).then(function (answer) {
        if (!answer.ok) {
          result.replaceChildren(el("p", problem(answer), "alert error"));
          return;
        }
        const r = answer.body;
        const sign = r.delta > 0 ? "+" : "";
        result.replaceChildren(
          el("p", "Score " + r.baseline_score + " → " + r.resilience_score + " (" + sign + r.delta + ")", "whatif-delta"),
          el("p", "SPOFs before: " + (r.spofs_before.join(", ") || "none") + "; after: "
              + (r.spofs_after.join(", ") || "none") + ". Nothing was saved.", "muted small"));
      }).catch(function () {
        result.replaceChildren(el("p", "The calculation could not be reached.", "alert error"));
      });
    });
  }

  function chartWidth(container) {
    return Math.max(260, container.clientWidth);
  }

  function heatmap() {
    call("GET", "/api/risk-heatmap").then(function (answer) {
      if (!answer.ok) {
        return;
      }
      const components = answer.body.components.slice().sort(function (a, b) { return b.risk_score - a.risk_score; });
      const body = document.querySelector("#heatmap-table tbody");
      body.replaceChildren();
      components.forEach(function (c) {
        const row = document.createElement("tr");
        row.dataset.id = c.id;
        row.append(el("td", c.name), el("td", String(c.risk_score)), el("td", c.zone, "zone-" + c.zone),
            el("td", String(c.dimensions.blast_radius), "opt"), el("td", c.dimensions.spof ? "yes" : "no", "opt"),
            el("td", String(c.runs)), el("td", String(c.failed_runs)));
        const cell = document.createElement("td");
        const show = el("button", "Experiments", "button secondary small");
        show.type = "button";
        show.dataset.componentRuns = c.id;
        show.setAttribute("aria-label", "Experiments and runs that targeted " + c.name);
        show.addEventListener("click", function () { componentRuns(c.id, c.name); });
        cell.append(show);
        row.append(cell);
        body.append(row);
      });
      document.getElementById("heatmap-hotspots").textContent = answer.body.hotspots.length
          ? "Hotspots: " + answer.body.hotspots.join(", ") : "No hotspots.";
      const chart = document.getElementById("heatmap-chart");
      if (typeof uPlot === "undefined" || components.length === 0) {
        return;
      }
      const xs = components.map(function (c, i) { return i; });
      const plot = new uPlot({
        width: chartWidth(chart), height: 240,
        scales: {x: {time: false, range: [-0.5, components.length - 0.5]}, y: {range: [0, 100]}},
        axes: [{values: function (u, splits) {
                  return splits.map(function (i) { return components[i] ? components[i].id : ""; }); },
                space: 60},
               {label: "risk score"}],
        series: [{}, {label: "risk score", fill: "#c6282880", stroke: "#c62828",
                      paths: uPlot.paths.bars({size: [0.7, 60]}), points: {show: false}}],
        legend: {show: false}
      }, [xs, components.map(function (c) { return c.risk_score; })], chart);
      window.addEventListener("resize", function () { plot.setSize({width: chartWidth(chart), height: 240}); });
    });
  }

  // The experiments whose name holds the component's id as a word, and their latest runs.
  function componentRuns(id, name) {
    const panel = document.getElementById("component-runs");
    panel.replaceChildren(el("p", "Loading the runs of " + name + "…"));
    call("GET", "/api/components/" + encodeURIComponent(id) + "/runs").then(function (answer) {
      if (!answer.ok) {
        panel.replaceChildren(el("p", problem(answer), "alert error"));
        return;
      }
      const heading = el("h3", "Experiments and runs that targeted " + name);
      const experiments = el("p", answer.body.experiments.length
          ? "Experiments: " + answer.body.experiments.join(", ") : "No experiment targets it yet.");
      panel.replaceChildren(heading, experiments);
      if (answer.body.runs.length) {
        const list = el("ul", null, "component-runs");
        answer.body.runs.forEach(function (run) {
          const item = document.createElement("li");
          const link = el("a", run.experiment + " #" + run.run_sequence);
          link.href = "/runs/" + encodeURIComponent(run.run_id);
          item.append(link, document.createTextNode(": " + run.phase
              + (run.finished_at ? ", finished " + run.finished_at : "")));
          list.append(item);
        });
        panel.append(list);
      }
    });
  }

  function history() {
    call("GET", "/api/score-history?limit=100").then(function (answer) {
      if (!answer.ok) {
        return;
      }
      const points = answer.body.history;
      const summary = document.getElementById("history-summary");
      summary.textContent = points.length === 0 ? "No revision yet."
          : points.length + " revisions; latest " + points[points.length - 1].resilience_score
            + " (revision " + points[points.length - 1].revision + ")";
      const chart = document.getElementById("history-chart");
      if (typeof uPlot === "undefined" || points.length === 0) {
        return;
      }
      const times = points.map(function (p) { return Date.parse(p.timestamp) / 1000; });
      const plot = new uPlot({
        width: chartWidth(chart), height: 240,
        scales: {y: {range: [0, 100]}},
        axes: [{}, {label: "score"}],
        series: [{}, {label: "resilience score", stroke: "#4338ca", width: 2, points: {size: 6}}],
        legend: {show: false}
      }, [times, points.map(function (p) { return p.resilience_score; })], chart);
      window.addEventListener("resize", function () { plot.setSize({width: chartWidth(chart), height: 240}); });
    });
  }

  function badges() {
    const section = document.getElementById("badges");
    const target = document.getElementById("badges-body");
    const base = window.location.origin;
    call("GET", "/api/badge-markdown?base_url=" + encodeURIComponent(base)).then(function (answer) {
      target.replaceChildren();
      if (answer.status === 404) {
        target.append(el("p", "This project has no badge token yet.", "muted"));
        if (section.dataset.canManage === "true") {
          const make = el("button", "Make a badge token", "button secondary");
          make.type = "button";
          make.id = "badge-token-create";
          make.addEventListener("click", function () {
            call("POST", "/api/badge-tokens").then(function (made) {
              if (made.ok) {
                badges();
              } else {
                target.append(el("p", problem(made), "alert error"));
              }
            });
          });
          target.append(make);
        }
        return;
      }
      if (!answer.ok) {
        target.append(el("p", problem(answer), "alert error"));
        return;
      }
      const list = el("ul", null, "badge-list");
      answer.body.badges.forEach(function (badge) {
        const item = document.createElement("li");
        const image = document.createElement("img");
        image.src = badge.url;
        image.alt = badge.type.replace(/_/g, " ") + " badge";
        const code = el("code", badge.markdown);
        code.tabIndex = 0;
        const copy = el("button", "Copy Markdown", "button secondary small");
        copy.type = "button";
        copy.setAttribute("aria-label", "Copy the Markdown of the " + badge.type.replace(/_/g, " ") + " badge");
        copy.addEventListener("click", function () {
          if (navigator.clipboard) {
            navigator.clipboard.writeText(badge.markdown).then(function () { copy.textContent = "Copied"; });
          }
        });
        item.append(image, code, copy);
        list.append(item);
      });
      target.append(list);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    whatIf();
    heatmap();
    history();
    badges();
  });
})();
