// The Topology page: draws the graph from the page's own tables (the same data for keyboard and screen-reader
// users), simulates a failure through the API and lights its waves up one after another.
(function () {
  "use strict";
  const main = document.getElementById("main");
  const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content;
  const csrfHeader = document.querySelector('meta[name="csrf-header"]')?.content;
  const scope = "organizationIdentifier=" + encodeURIComponent(main.dataset.org)
      + "&projectIdentifier=" + encodeURIComponent(main.dataset.project);
  const colours = {healthy: "#2e7d32", degraded: "#b26a00", down: "#c62828"};
  const riskColours = {low: "#2e7d32", medium: "#6d6d00", high: "#b26a00", critical: "#c62828"};
  const lineStyles = {hard: "solid", soft: "dashed", async: "dotted"};
  let graph = null;
  let timers = [];

  function post(path) {
    const headers = {"Accept": "application/json"};
    if (csrfToken && csrfHeader) {
      headers[csrfHeader] = csrfToken;
    }
    return fetch(path + (path.includes("?") ? "&" : "?") + scope, {method: "POST", headers: headers,
        credentials: "same-origin"});
  }

  function draw() {
    const container = document.getElementById("topology-graph");
    if (!container || typeof cytoscape === "undefined") {
      return;
    }
    const elements = [];
    document.querySelectorAll("#topology-nodes tbody tr").forEach(function (row) {
      elements.push({data: {id: row.dataset.id, label: row.dataset.name, risk: row.dataset.risk,
          spof: row.dataset.spof === "true"}});
    });
    document.querySelectorAll("#topology-edges tbody tr").forEach(function (row) {
      elements.push({data: {id: row.dataset.source + "->" + row.dataset.target, source: row.dataset.source,
          target: row.dataset.target, type: row.dataset.type}});
    });
    graph = cytoscape({
      container: container,
      elements: elements,
      layout: {name: "breadthfirst", directed: true, spacingFactor: 1.1},
      wheelSensitivity: 0.2,
      style: [
        {selector: "node", style: {"label": "data(label)", "font-size": 11, "text-valign": "bottom",
            "text-margin-y": 4, "background-color": function (n) { return riskColours[n.data("risk")] || "#555"; },
            "border-width": function (n) { return n.data("spof") ? 5 : 1; }, "border-color": "#111"}},
        {selector: "edge", style: {"curve-style": "bezier", "target-arrow-shape": "triangle", "width": 1.5,
            "line-style": function (e) { return lineStyles[e.data("type")] || "solid"; },
            "line-color": "#777", "target-arrow-color": "#777"}},
        {selector: "node.sim-down", style: {"background-color": colours.down, "border-color": colours.down}},
        {selector: "node.sim-degraded", style: {"background-color": colours.degraded,
            "border-color": colours.degraded}},
        {selector: "node.sim-healthy", style: {"opacity": 0.35}}
      ]
    });
    if (document.querySelector("[data-simulate]")) {
      graph.on("tap", "node", function (event) { simulate(event.target.id()); });
    }
  }

  function text(tag, content, className) {
    const element = document.createElement(tag);
    element.textContent = content;
    if (className) {
      element.className = className;
    }
    return element;
  }

  function reset() {
    timers.forEach(clearTimeout);
    timers = [];
    document.querySelectorAll("#topology-nodes tbody tr").forEach(function (row) {
      delete row.dataset.simulated;
    });
    if (graph) {
      graph.nodes().removeClass("sim-down sim-degraded sim-healthy");
    }
  }

  function show(result) {
    const panel = document.getElementById("simulation-result");
    panel.replaceChildren();
    panel.append(text("p", "Failure of " + result.root_cause + ": " + result.total_affected
        + " other components affected, risk score " + result.risk_score + " of 10, blast radius "
        + result.blast_radius_score + ", recovery " + result.recovery_time_estimate + "."));
    const list = document.createElement("ol");
    list.className = "waves";
    panel.append(list);
    if (graph) {
      graph.nodes().addClass("sim-healthy");
    }
    result.waves.forEach(function (wave, index) {
      timers.push(setTimeout(function () {
        const item = document.createElement("li");
        item.append(text("strong", "Wave " + wave.wave + ": "));
        item.append(wave.components.map(function (c) {
          return c.id + " " + c.health + " (" + c.reason + ")";
        }).join("; "));
        list.append(item);
        wave.components.forEach(function (c) {
          const row = document.querySelector('#topology-nodes tbody tr[data-id="' + CSS.escape(c.id) + '"]');
          if (row) {
            row.dataset.simulated = c.health;
          }
          if (graph) {
            graph.getElementById(c.id).removeClass("sim-healthy").addClass("sim-" + c.health);
          }
        });
      }, index * 700));
    });
  }

  function simulate(id) {
    reset();
    const panel = document.getElementById("simulation-result");
    panel.replaceChildren(text("p", "Simulating the failure of " + id + "…"));
    post("/api/simulate-failure/" + encodeURIComponent(id))
      .then(function (response) {
        return response.json().then(function (body) { return {ok: response.ok, body: body}; });
      })
      .then(function (answer) {
        if (answer.ok) {
          show(answer.body);
        } else {
          panel.replaceChildren(text("p", answer.body.error || "The simulation was refused.", "alert error"));
        }
      })
      .catch(function () {
        panel.replaceChildren(text("p", "The simulation could not be reached.", "alert error"));
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw();
    document.querySelectorAll("[data-simulate]").forEach(function (button) {
      button.addEventListener("click", function () { simulate(button.dataset.id); });
    });
    const demo = document.querySelector("[data-load-demo]");
    if (demo) {
      demo.addEventListener("click", function () {
        fetch("/demo?" + scope, {credentials: "same-origin", headers: {"Accept": "application/json"}})
          .then(function () { window.location.reload(); });
      });
    }
  });
})();
