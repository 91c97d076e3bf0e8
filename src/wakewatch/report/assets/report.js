// Draws the report's maps from the inlined JSON (#mapdata) with Leaflet; no tiles, no network.
// #map: the detail view (track, dark segments, partners, ports); #reachmap: the reachability
// areas of dark port calls, framed whole (shown only when there are any).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("mapdata").textContent);
  function fmt(d) { return d.replace("T", " ").replace("Z", " UTC"); }
  function makeMap(id, view) {
    var map = L.map(id, { zoomSnap: 0.25, attributionControl: false });
    if (view) {
      map.fitBounds([[view[1], view[0]], [view[3], view[2]]], { padding: [4, 4] });
    } else {
      map.setView([0, 0], 2);
    }
    L.geoJSON(data.basemap, { style: { color: "#8a7f63", weight: 0.6, fillColor: "#efe9d6", fillOpacity: 1 },
      interactive: false }).addTo(map);
    return map;
  }
  function drawTrack(map, t, colour, label) {
    t.pieces.forEach(function (p) {
      L.polyline(p, { color: colour, weight: 1.5, opacity: 0.8, className: "track-line" }).addTo(map);
    });
    t.dots.forEach(function (p) {
      L.circleMarker([p[0], p[1]], { radius: 1.8, color: colour, weight: 1, fillOpacity: 0.8,
        className: "report-dot" }).bindTooltip(label + " " + fmt(p[2]) + (p[3] === null ? "" : " · " + p[3] + " kn") + " · line " + p[4]).addTo(map);
    });
  }
  function drawDark(map, t) {
    t.dark.forEach(function (d) {
      L.polyline([d.from, d.to], { color: "#d62728", weight: 3.5, dashArray: "9 7",
        className: "dark-segment" }).bindTooltip("dark " + d.duration_h + " h: " + fmt(d.start) + " → " + fmt(d.end)).addTo(map);
    });
  }
  function drawReach(map, fill) {
    (data.reach || []).forEach(function (r) {
      var port = r.port || {};
      L.polygon(r.polygon, { color: "#ff8c00", weight: 1.5, dashArray: fill ? null : "3 4",
        fill: fill > 0, fillColor: "#ff8c00", fillOpacity: fill,
        className: "reachability" }).bindTooltip("reachable while dark " + fmt(r.start) + " → " + fmt(r.end) +
        (port.name ? " · " + port.name + " (" + port.locode + ")" : "")).addTo(map);
      (r.foci || []).forEach(function (f) {
        L.circleMarker(f, { radius: 3, color: "#ff8c00", className: "reach-focus" }).addTo(map);
      });
    });
  }
  function drawPorts(map) {
    (data.concern || []).forEach(function (p) {
      L.circleMarker([p.lat, p.lon], { radius: p.named ? 6 : 4, color: "#000", weight: p.named ? 2 : 1,
        fillColor: "#ffd700", fillOpacity: 1, className: "concern-port" }).bindTooltip(p.name + " (" + p.locode + ")",
        { permanent: !!p.named, direction: "right", className: "concern-label" }).addTo(map);
    });
  }
  function drawAll(map, reachFill) {
    drawReach(map, reachFill);
    Object.keys(data.partners || {}).forEach(function (m) { drawTrack(map, data.partners[m], "#9467bd", "MMSI " + m); });
    drawTrack(map, data.track, "#1f4e79", "report");
    Object.keys(data.partners || {}).forEach(function (m) { drawDark(map, data.partners[m]); });
    drawDark(map, data.track);
    drawPorts(map);
    (data.meetings || []).forEach(function (m) {
      L.circleMarker([m.lat, m.lon], { radius: 8, color: "#9467bd", weight: 3, fill: false,
        className: "meeting-point" }).bindTooltip("encounter with " + m.other_mmsi + " " + fmt(m.start)).addTo(map);
    });
  }
  drawAll(makeMap("map", data.view), 0);
  var box = document.getElementById("reach-section");
  if (data.reach_view && box) {
    box.hidden = false;
    drawAll(makeMap("reachmap", data.reach_view), 0.15);
  }
  document.body.setAttribute("data-map-ready", "1");
})();
