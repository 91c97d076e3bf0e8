// Draws the report's map from the inlined JSON (#mapdata) with Leaflet; no tiles, no network.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("mapdata").textContent);
  var map = L.map("map", { zoomSnap: 0.25, attributionControl: false, preferCanvas: false });
  if (data.view) {
    map.fitBounds([[data.view[1], data.view[0]], [data.view[3], data.view[2]]], { padding: [4, 4] });
  } else {
    map.setView([0, 0], 2);
  }
  L.geoJSON(data.basemap, { style: { color: "#8a7f63", weight: 0.6, fillColor: "#efe9d6", fillOpacity: 1 },
    interactive: false, className: "land" }).addTo(map);
  function fmt(d) { return d.replace("T", " ").replace("Z", " UTC"); }
  function drawDark(t) {
    t.dark.forEach(function (d) {
      L.polyline([d.from, d.to], { color: "#d62728", weight: 3.5, dashArray: "9 7",
        className: "dark-segment" }).bindTooltip("dark " + d.duration_h + " h: " + fmt(d.start) + " → " + fmt(d.end)).addTo(map);
    });
  }
  function drawTrack(t, colour, label) {
    var layers = [];
    t.pieces.forEach(function (p) {
      layers.push(L.polyline(p, { color: colour, weight: 1.5, opacity: 0.8, className: "track-line" }).addTo(map));
    });
    t.dots.forEach(function (p) {
      L.circleMarker([p[0], p[1]], { radius: 1.8, color: colour, weight: 1, fillOpacity: 0.8,
        className: "report-dot" }).bindTooltip(label + " " + fmt(p[2]) + (p[3] === null ? "" : " · " + p[3] + " kn") + " · line " + p[4]).addTo(map);
    });
    return layers;
  }
  (data.reach || []).forEach(function (r) {
    var port = r.port || {};
    L.polygon(r.polygon, { color: "#ff8c00", weight: 1.5, fillColor: "#ff8c00", fillOpacity: 0.25,
      className: "reachability" }).bindTooltip("reachable while dark " + fmt(r.start) + " → " + fmt(r.end) +
      (port.name ? " · " + port.name + " (" + port.locode + ")" : "")).addTo(map);
    (r.foci || []).forEach(function (f) {
      L.circleMarker(f, { radius: 3, color: "#ff8c00", className: "reach-focus" }).addTo(map);
    });
  });
  Object.keys(data.partners || {}).forEach(function (m) { drawTrack(data.partners[m], "#9467bd", "MMSI " + m); });
  drawTrack(data.track, "#1f4e79", "report");
  Object.keys(data.partners || {}).forEach(function (m) { drawDark(data.partners[m]); });
  drawDark(data.track);
  (data.concern || []).forEach(function (p) {
    L.circleMarker([p.lat, p.lon], { radius: 6, color: "#000", weight: 2, fillColor: "#ffd700", fillOpacity: 1,
      className: "concern-port" }).bindTooltip(p.name + " (" + p.locode + ")", { permanent: true, direction: "right",
      className: "concern-label" }).addTo(map);
  });
  (data.meetings || []).forEach(function (m) {
    L.circleMarker([m.lat, m.lon], { radius: 8, color: "#9467bd", weight: 3, fill: false,
      className: "meeting-point" }).bindTooltip("encounter with " + m.other_mmsi + " " + fmt(m.start)).addTo(map);
  });
  document.body.setAttribute("data-map-ready", "1");
})();
