// The map: Leaflet with no tile layer; country shapes from world-atlas (TopoJSON, served by
// this server), markers from /map/data.json. Nothing is fetched from elsewhere.
(function () {
  "use strict";
  var root = document.getElementById("map");
  if (!root || typeof L === "undefined" || typeof topojson === "undefined") { return; }
  var map = L.map(root, { worldCopyJump: true, minZoom: 1, maxZoom: 8, attributionControl: true });
  map.attributionControl.addAttribution("Boundaries: Natural Earth");
  map.setView([45, 30], 2);

  function link(item) {
    var a = document.createElement("a");
    a.href = item.href || "#";
    a.textContent = item.label;
    return a;
  }
  function popup(item, extra) {
    var box = document.createElement("div");
    box.appendChild(link(item));
    if (extra) { box.appendChild(document.createElement("br")); box.appendChild(document.createTextNode(extra)); }
    return box;
  }
  // A ring across the antimeridian (Russia, Fiji) would be drawn across the whole map:
  // move its western points east of 180 degrees, where Leaflet draws them next to the rest.
  function unwrap(feature) {
    var polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates]
      : feature.geometry.coordinates;
    polygons.forEach(function (polygon) {
      polygon.forEach(function (ring) {
        var lons = ring.map(function (p) { return p[0]; });
        if (Math.max.apply(null, lons) - Math.min.apply(null, lons) > 180) {
          ring.forEach(function (p) { if (p[0] < 0) { p[0] += 360; } });
        }
      });
    });
  }
  Promise.all([fetch(root.dataset.atlas).then(function (r) { return r.json(); }),
               fetch(root.dataset.source).then(function (r) { return r.json(); })])
    .then(function (loaded) {
      var world = topojson.feature(loaded[0], loaded[0].objects.countries);
      var data = loaded[1];
      var ours = {};
      data.countries.forEach(function (c) { ours[c.numeric] = true; });
      world.features = world.features.filter(function (f) { return f.id !== "010"; });  // Antarctica
      world.features.forEach(unwrap);
      L.geoJSON(world, { interactive: false, style: function (f) {
        return { color: "#9aa6b8", weight: 0.6, fillOpacity: 1,
                 fillColor: ours[f.id] ? "#cfe6e6" : "#f4f6f9" };
      } }).addTo(map);
      data.countries.forEach(function (c) {
        L.circleMarker(c.at, { radius: 5, color: "#5b6475", weight: 1, fillOpacity: 0.3 })
          .bindPopup(popup(c, "country")).addTo(map);
      });
      data.regions.forEach(function (r) {
        L.circleMarker(r.at, { radius: 7, color: "#b07d12", weight: 2, fillColor: "#e0b84a", fillOpacity: 0.6,
                               className: "marker-region" })
          .bindPopup(popup(r, "region")).addTo(map);
      });
      data.clusters.forEach(function (c) {
        L.circleMarker(c.at, { radius: 6, color: "#0b6e6e", weight: 2, fillColor: "#1aa6a6", fillOpacity: 0.8,
                               className: "marker-cluster" })
          .bindTooltip(c.label).bindPopup(popup(c, "in " + c.place)).addTo(map);
      });
      root.dataset.markers = String(data.clusters.length + data.regions.length + data.countries.length);
    });
})();
