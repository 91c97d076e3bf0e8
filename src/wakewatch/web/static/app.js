// wakewatch web map: alerts ranked by risk, a vessel's track (dark stretches dashed red),
// its events and evidence, playback along the received reports, filters and screening.
// Talks only to the wakewatch server's JSON routes; the land basemap comes from /api/basemap.
/* global L */

const COLOURS = {
  gap: "#d62728", dark_port_call: "#8b0000", encounter: "#9467bd", loitering: "#ff7f0e",
  port_call: "#2ca02c", spoofing: "#e377c2", identity_change: "#17becf", invalid_imo: "#7f7f7f",
  draught_change: "#1f77b4", destination_mismatch: "#bcbd22", sanctions_hit: "#000000",
};
const $ = (id) => document.getElementById(id);
const state = { items: [], selected: null, events: [], points: [], timer: null };

async function api(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.detail ? String(body.detail) : `${res.status} ${path}`);
  return body;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
  return node;
}

const status = (text, error = false) => { $("status").textContent = text; $("status").className = error ? "error" : ""; };
const fmt = (iso) => (iso ? iso.replace("T", " ").replace("Z", "") : "—");
const num = (v, d = 2) => (typeof v === "number" ? v.toFixed(d) : "—");

const map = L.map("map", { zoomSnap: 0.25, worldCopyJump: true }).setView([38, 135], 4);
const trackLayer = L.layerGroup().addTo(map);
const eventLayer = L.layerGroup().addTo(map);
const cursor = L.circleMarker([0, 0], { radius: 7, color: "#000", weight: 2, fillColor: "#fff", fillOpacity: 1, className: "playback-cursor" });

async function loadBase() {
  try {
    const land = await api("/api/basemap");
    L.geoJSON(land, { style: { color: "#8a7f63", weight: 0.6, fillColor: "#efe9d6", fillOpacity: 1, className: "land" }, interactive: false }).addTo(map).bringToBack();
  } catch (e) { status(`basemap: ${e.message}`, true); }
  try {
    const ports = await api("/api/ports_of_concern");
    L.geoJSON(ports, {
      pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 5, color: "#000", weight: 1.5, fillColor: "#ffd700", fillOpacity: 1, className: "concern-port" })
        .bindTooltip(`${f.properties.name} (${f.properties.locode})`),
    }).addTo(map);
  } catch (e) { /* no ports of concern: nothing to draw */ }
}

async function loadList() {
  let items = await api("/api/alerts");
  $("list-title").textContent = "Alerts";
  if (!items.length) {
    items = (await api("/api/vessels")).map((v, i) => ({ ...v, rank: i + 1, alert_id: null }));
    $("list-title").textContent = "Vessels (no alerts built)";
  }
  state.items = items;
  const list = $("alert-list");
  list.replaceChildren(...items.map((a) => el("li", { "data-mmsi": a.mmsi, onclick: () => select(a) },
    el("span", { class: "risk" }, num(a.risk_score)),
    el("div", {}, `#${a.rank} ${a.name || "unnamed"}`),
    el("div", { class: "sub" }, `MMSI ${a.mmsi} · IMO ${a.imo ?? "—"} · ${a.flag ?? ""}`))));
  status(`${items.length} ${$("list-title").textContent.toLowerCase().startsWith("alerts") ? "alerts" : "vessels"}`);
}

function drawTrack(fc) {
  trackLayer.clearLayers();
  const points = [];
  for (const f of fc.features) {
    const latlngs = f.geometry.coordinates.map(([lon, lat]) => [lat, lon]);
    const p = f.properties;
    const line = p.dark
      ? L.polyline(latlngs, { color: "#d62728", weight: 3.5, dashArray: "9 7", className: "dark-segment" })
        .bindTooltip(`dark ${num(p.duration_h, 1)} h: ${fmt(p.start)} → ${fmt(p.end)}`)
      : L.polyline(latlngs, { color: "#1f4e79", weight: 2, className: "track-line" });
    line.addTo(trackLayer);
    if (!p.dark) (p.times || []).forEach((t, i) => latlngs[i] && points.push({ t, ll: latlngs[i] }));
  }
  points.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  state.points = points;
  const slider = $("slider");
  slider.max = String(Math.max(0, points.length - 1));
  slider.value = "0";
  slider.disabled = $("play").disabled = points.length === 0;
  if (points.length) { cursor.setLatLng(points[0].ll).addTo(map); $("slider-time").textContent = fmt(points[0].t); }
}

// Encounter partners: the other vessel's reports from 12 h before to 12 h after each
// encounter (at most 5 encounters), in purple, with the meeting point circled.
async function drawPartners(events) {
  const pad = 12 * 3600 * 1000;
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  for (const e of events.filter((x) => x.kind === "encounter").slice(0, 5)) {
    const other = e.mmsi === state.selected.mmsi ? e.other_mmsi : e.mmsi;
    const since = iso(Date.parse(e.start) - pad), until = iso(Date.parse(e.end) + pad);
    try {
      const fc = await api(`/api/tracks/${other}?since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}`);
      for (const f of fc.features) {
        L.polyline(f.geometry.coordinates.map(([lon, lat]) => [lat, lon]), { color: "#9467bd", weight: 2, dashArray: f.properties.dark ? "9 7" : null, className: "partner-track" })
          .bindTooltip(`MMSI ${other}`).addTo(trackLayer);
      }
    } catch (err) { status(`partner ${other}: ${err.message}`, true); }
    if (e.lat != null) {
      L.circleMarker([e.lat, e.lon], { radius: 9, color: "#9467bd", weight: 3, fill: false, className: "meeting-point" })
        .bindTooltip(`encounter with ${other}, ${fmt(e.start)}`).addTo(trackLayer);
    }
  }
}

function fitSelection() {
  const markers = eventLayer.getLayers().filter((l) => l.getLatLng);
  const bounds = L.featureGroup([...trackLayer.getLayers(), ...markers]).getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20] });
}

function eventVisible(e) {
  const kinds = [...document.querySelectorAll("#kind-filters input:checked")].map((i) => i.value);
  if (!kinds.includes(e.kind)) return false;
  const since = $("since-filter").value, until = $("until-filter").value;
  if (since && e.end < `${since}`) return false;
  if (until && e.start > `${until}`) return false;
  if ($("area-filter").checked) {
    if (e.lat == null || !map.getBounds().contains([e.lat, e.lon])) return false;
  }
  return true;
}

function drawEvents() {
  eventLayer.clearLayers();
  const shown = state.events.filter(eventVisible);
  for (const e of shown) {
    if (e.lat == null || e.lon == null) continue;
    L.circleMarker([e.lat, e.lon], { radius: 6, color: COLOURS[e.kind] || "#444", weight: 2, fillOpacity: 0.6, className: `event-marker kind-${e.kind}` })
      .bindPopup(`<b>${e.kind}</b>${e.port ? ` ${e.port}` : ""}<br>${fmt(e.start)} → ${fmt(e.end)}<br>score ${num(e.score)}`)
      .addTo(eventLayer);
    const reach = e.evidence && e.evidence.reachability;
    if (reach && reach.polygon) {
      L.polygon(reach.polygon.map(([lon, lat]) => [lat, lon]), { color: "#ff8c00", weight: 1.5, fill: false, dashArray: "3 4", className: "reachability" }).addTo(eventLayer);
    }
  }
  trackLayer.eachLayer((l) => l.bringToFront());
  const list = document.querySelector("#evidence ul.events");
  if (list) list.replaceChildren(...shown.map(eventItem));
  const count = document.querySelector("#evidence .event-count");
  if (count) count.textContent = `${shown.length} of ${state.events.length}`;
}

function eventItem(e) {
  return el("li", {}, el("span", { class: "kind", style: `background:${COLOURS[e.kind] || "#444"}` }),
    `${e.kind}${e.port ? ` ${e.port}` : ""}${e.other_mmsi ? ` with ${e.other_mmsi}` : ""} · ${fmt(e.start)} · score ${num(e.score)}`);
}

function kindFilters() {
  const kinds = [...new Set(state.events.map((e) => e.kind))].sort();
  $("kind-filters").replaceChildren(...kinds.map((k) => el("label", {},
    el("input", { type: "checkbox", value: k, checked: "", onchange: drawEvents }),
    el("span", { class: "kind", style: `background:${COLOURS[k] || "#444"}` }), k)));
}

function evidencePanel(item, alert, events) {
  const panel = $("evidence");
  const parts = [el("h2", {}, `#${item.rank} ${item.name || "unnamed"} — risk ${num(item.risk_score)}`),
    el("div", { class: "sub" }, `MMSI ${item.mmsi} · IMO ${item.imo ?? "—"} · ${item.flag ?? ""}`)];
  if (alert && alert.narrative) parts.push(el("p", { class: "narrative" }, alert.narrative));
  if (alert && alert.indicators && alert.indicators.length) {
    parts.push(el("h3", {}, "Indicators"), el("table", { class: "indicators" },
      el("tr", {}, el("th", {}, "practice"), el("th", {}, "indicator"), el("th", {}, "score"), el("th", {}, "detail")),
      alert.indicators.map((i) => el("tr", {}, el("td", {}, i.practice), el("td", {}, i.indicator), el("td", {}, num(i.score)), el("td", {}, i.detail || "")))));
  }
  const hits = events.filter((e) => e.kind === "sanctions_hit");
  parts.push(el("h3", {}, "List matches"));
  parts.push(hits.length ? el("ul", { class: "hits" }, hits.map((h) => el("li", {},
    `${h.evidence.caption} (${h.evidence.dataset}; ${(h.evidence.programs || []).join(", ")}) score ${num(h.score)}`)))
    : el("p", {}, "No list entry matched."));
  parts.push(el("h3", {}, "Events ", el("small", { class: "event-count" }, "")), el("ul", { class: "events" }));
  panel.replaceChildren(...parts);
}

async function select(item) {
  state.selected = item;
  document.querySelectorAll("#alert-list li").forEach((li) => li.classList.toggle("selected", li.dataset.mmsi === String(item.mmsi)));
  status(`loading ${item.name || item.mmsi}…`);
  try {
    const [track, events, alert] = await Promise.all([
      api(`/api/tracks/${item.mmsi}`),
      api(`/api/events?mmsi=${item.mmsi}&limit=1000`),
      item.alert_id ? api(`/api/alerts/${encodeURIComponent(item.alert_id)}`) : Promise.resolve(null),
    ]);
    state.events = events;
    drawTrack(track);
    evidencePanel(item, alert, events);
    kindFilters();
    await drawPartners(events);
    drawEvents();
    fitSelection();
    status(`${item.name || item.mmsi}: ${track.features.length} track segments, ${events.length} events`);
    document.body.dataset.selected = String(item.mmsi);
  } catch (e) { status(e.message, true); }
}

function seek(i) {
  const p = state.points[i];
  if (!p) return;
  cursor.setLatLng(p.ll).addTo(map);
  $("slider-time").textContent = fmt(p.t);
}

$("slider").addEventListener("input", (ev) => seek(Number(ev.target.value)));
$("play").addEventListener("click", () => {
  if (state.timer) { clearInterval(state.timer); state.timer = null; $("play").textContent = "▶"; return; }
  $("play").textContent = "❚❚";
  const step = Math.max(1, Math.round(state.points.length / 400));
  state.timer = setInterval(() => {
    const s = $("slider"), next = Number(s.value) + step;
    if (next > Number(s.max)) { clearInterval(state.timer); state.timer = null; $("play").textContent = "▶"; return; }
    s.value = String(next); seek(next);
  }, 50);
});
for (const id of ["area-filter", "since-filter", "until-filter"]) $(id).addEventListener("change", drawEvents);
map.on("moveend", () => { if ($("area-filter").checked) drawEvents(); });

$("screen-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const q = $("screen-q").value.trim();
  if (!q) return;
  const panel = $("evidence");
  panel.replaceChildren(el("h2", {}, `Screening “${q}”`));
  try {
    const results = await api(`/api/screen?q=${encodeURIComponent(q)}`);
    panel.append(results.length ? el("table", { class: "screen-results" },
      el("tr", {}, el("th", {}, "entry"), el("th", {}, "lists"), el("th", {}, "score")),
      results.map((r) => el("tr", {}, el("td", { class: r.match ? "match" : "" }, r.caption || r.id),
        el("td", {}, (r.datasets || []).join(", ")), el("td", {}, num(r.score)))))
      : el("p", {}, "No list entry scored."));
  } catch (e) { panel.append(el("p", { class: "error" }, e.message)); }
});

Promise.all([loadBase(), loadList()])
  .then(() => { document.body.dataset.ready = "1"; })
  .catch((e) => status(e.message, true));
