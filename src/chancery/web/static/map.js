// The recognition map: draws the vendored world geometry with d3-geo and colours each
// state by its standing, re-fetched from the JSON API when the date changes (no reload).
// Data from the server is only ever set with textContent or attributes, never as HTML.
(function () {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  const svg = document.getElementById("map");
  const dateInput = document.getElementById("as-of");
  const range = document.getElementById("as-of-range");
  const list = document.getElementById("standing-list");
  const empty = document.getElementById("standing-empty");
  const statusLine = document.getElementById("status-line");
  const label = document.getElementById("as-of-label");
  const csvLink = document.getElementById("csv-link");
  const jsonLink = document.getElementById("json-link");
  const DAY = 86400000;
  const start = Date.parse(cfg.min + "T00:00:00Z");
  const paths = new Map(); // actor code -> [path elements]
  let rows = cfg.rows;
  let unconfirmed = cfg.unconfirmed || [];
  const weakList = document.getElementById("unconfirmed-list");
  const weakEmpty = document.getElementById("unconfirmed-empty");
  let seq = 0;
  let timer = null;

  function el(tag, attrs, text) {
    const node = tag === "path" || tag === "title" ? document.createElementNS(NS, tag)
      : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function dayOf(offset) { return new Date(start + offset * DAY).toISOString().slice(0, 10); }
  function offsetOf(day) { return Math.round((Date.parse(day + "T00:00:00Z") - start) / DAY); }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function draw(topo) {
    const world = topojson.feature(topo, topo.objects.countries);
    const projection = d3.geoEqualEarth().fitExtent([[6, 6], [954, 494]], { type: "Sphere" });
    const path = d3.geoPath(projection);
    svg.appendChild(el("path", { d: path({ type: "Sphere" }), class: "sphere" }));
    svg.appendChild(el("path", { d: path(d3.geoGraticule10()), class: "graticule" }));
    for (const f of world.features) {
      const name = (f.properties && f.properties.name) || "";
      const code = (f.id && cfg.codes.ids[f.id]) || cfg.codes.names[name] || "";
      const p = el("path", { d: path(f) || "", class: "country s-none", "data-code": code,
        "data-name": name });
      p.appendChild(el("title", {}, name));
      p.addEventListener("click", function () {
        const c = p.getAttribute("data-code");
        if (c && c !== cfg.target && p.classList.contains("known")) {
          window.location.href = "/relations/" + encodeURIComponent(cfg.target) + "/" +
            encodeURIComponent(c);
        }
      });
      svg.appendChild(p);
      if (!paths.has(code)) paths.set(code, []);
      paths.get(code).push(p);
    }
    paint();
    svg.setAttribute("data-drawn", "true");
  }

  function paint() {
    const by = new Map(rows.map(function (r) { return [r.actor, r]; }));
    for (const [code, ps] of paths) {
      const r = by.get(code);
      const status = code && code === cfg.target ? "target" : (r ? r.status : "none");
      for (const p of ps) {
        p.setAttribute("class", "country s-" + status + (r ? " known" : ""));
        p.setAttribute("data-status", status);
        let text = p.getAttribute("data-name") + ": ";
        if (status === "target") text += cfg.name;
        else text += cfg.labels[status] + (r && r.since ? " since " + r.since : "") +
          (r ? " (" + plural(r.n_sources, "source") + ")" : "");
        p.firstChild.textContent = text;
      }
    }
  }

  function renderList(counts) {
    renderRows(list, rows, false);
    empty.hidden = rows.length > 0;
    if (weakList) {
      renderRows(weakList, unconfirmed, true);
      weakEmpty.hidden = unconfirmed.length > 0;
    }
    for (const node of document.querySelectorAll("[data-count]")) {
      node.textContent = String(counts[node.getAttribute("data-count")] || 0);
    }
  }

  function renderRows(target, items, weak) {
    target.replaceChildren();
    for (const r of items) {
      const li = el("li", { class: "standing", "data-code": r.actor, "data-status": r.status });
      const l1 = el("div", { class: "line1" });
      l1.append(el("span", { class: "swatch s-" + (weak ? "none" : r.status), "aria-hidden": "true" }));
      l1.append(el("a", { class: "who", href: "/relations/" + encodeURIComponent(cfg.target) +
        "/" + encodeURIComponent(r.actor) }, r.name));
      l1.append(el("span", { class: "code" }, r.actor));
      l1.append(el("span", { class: "status-name" }, (weak ? "would be: " : "") + cfg.labels[r.status]));
      li.append(l1);
      const l2 = el("div", { class: "line2" });
      if (r.since) { l2.append(el("span", { class: "since" }, "since " + r.since), " · "); }
      l2.append(el("span", { class: "sources" }, plural(r.n_sources, "source")));
      if (r.confidence !== null && r.confidence !== undefined) {
        l2.append(" · confidence ", el("span", { class: "confidence" }, r.confidence.toFixed(2)));
      }
      if (r.type) l2.append(" · ", el("span", { class: "via" }, r.type.replace(/_/g, " ").toLowerCase()));
      for (const id of r.event_ids) {
        l2.append(" · ", el("a", { href: "/event/" + encodeURIComponent(id) }, "event #" + id));
      }
      const more = (r.n_events || 0) - r.event_ids.length;
      if (more > 0) {
        l2.append(" · ", el("a", { class: "more-events", href: "/relations/" +
          encodeURIComponent(cfg.target) + "/" + encodeURIComponent(r.actor) },
        plural(more, "more event") + " (all events of the two)"));
      }
      li.append(l2);
      if (r.note) li.append(el("div", { class: "note" }, r.note));
      if (r.evidence) li.append(el("blockquote", { class: "evidence" }, r.evidence));
      target.append(li);
    }
  }

  async function load(day) {
    const mine = ++seq;
    statusLine.textContent = "Loading " + day + "…";
    const query = "as_of=" + encodeURIComponent(day) +
      "&min_confidence=" + encodeURIComponent(cfg.minConfidence);
    let data;
    try {
      const response = await fetch(cfg.api + "?limit=1000&max_event_ids=" +
        encodeURIComponent(cfg.eventLinks) + "&" + query, {
        headers: { Accept: "application/json" } });
      data = await response.json();
      if (!response.ok) throw new Error(data.message || data.detail || response.statusText);
    } catch (err) {
      if (mine === seq) statusLine.textContent = "Could not load " + day + ": " + err.message;
      return;
    }
    if (mine !== seq) return; // a later date was asked for meanwhile
    rows = data.items;
    unconfirmed = data.unconfirmed || [];
    paint();
    renderList(data.counts);
    label.textContent = day;
    statusLine.textContent = plural(rows.length, "actor") + " with a known or pending position as of " + day + ".";
    csvLink.href = cfg.api + "?" + query + "&format=csv";
    jsonLink.href = cfg.api + "?" + query;
    range.setAttribute("aria-valuetext", day);
    history.replaceState(null, "", "?" + query);
    svg.setAttribute("data-as-of", day);
  }

  function setDay(day, fromRange) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    if (!fromRange) range.value = String(offsetOf(day));
    dateInput.value = day;
    clearTimeout(timer);
    timer = setTimeout(function () { load(day); }, fromRange ? 150 : 0);
  }

  range.addEventListener("input", function () { setDay(dayOf(Number(range.value)), true); });
  dateInput.addEventListener("change", function () { setDay(dateInput.value, false); });
  document.getElementById("timebar").addEventListener("submit", function (e) {
    e.preventDefault();
    setDay(dateInput.value, false);
  });
  for (const chip of document.querySelectorAll("button[data-date]")) {
    chip.addEventListener("click", function () { setDay(chip.getAttribute("data-date"), false); });
  }

  fetch(cfg.topo).then(function (r) { return r.json(); }).then(draw).catch(function (err) {
    statusLine.textContent = "Could not draw the map: " + err.message;
  });
})();
