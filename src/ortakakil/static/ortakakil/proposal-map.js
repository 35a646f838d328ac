// The proposal maps, from a file so that the Content-Security-Policy needs no inline script.
//
// [data-location-picker] (the proposal form): two hidden inputs (latitude, longitude) filled by
// «Konumumu kullan» (the browser's geolocation) or, when the page names a tile server
// (data-tile-url), by clicking the Leaflet map or dragging its marker; «Konumu kaldır» empties
// them. Without JavaScript the buttons stay hidden and no point is sent.
//
// [data-proposal-map] (the map page, with a tile server): the public proposals' points from
// data-points-url as markers, each with a popup linking to the proposal (text only, no HTML).
(function () {
  "use strict";
  var ANKARA = [39.93, 32.86];
  var BOUNDS = [[39.0, 30.8], [40.8, 34.0]];

  function tiles(map, el) {
    window.L.tileLayer(el.dataset.tileUrl, {
      attribution: el.dataset.tileAttribution || "",
      maxZoom: 19,
    }).addTo(map);
  }

  function inAnkara(lat, lon) {
    return lat >= BOUNDS[0][0] && lat <= BOUNDS[1][0] && lon >= BOUNDS[0][1] && lon <= BOUNDS[1][1];
  }

  function setupPicker(el) {
    var lat = el.querySelector("[data-lat]");
    var lon = el.querySelector("[data-lon]");
    var status = el.querySelector("[data-location-status]");
    var buttons = el.querySelector("[data-location-buttons]");
    var useButton = el.querySelector("[data-location-use]");
    var clearButton = el.querySelector("[data-location-clear]");
    var mapEl = el.querySelector("[data-location-map]");
    var map = null;
    var marker = null;
    var texts = { none: status.textContent };

    function show() {
      if (lat.value && lon.value) {
        status.textContent = (el.dataset.chosenLabel || "") + lat.value + ", " + lon.value;
        clearButton.hidden = false;
      } else {
        status.textContent = el.dataset.noneLabel || texts.none;
        clearButton.hidden = true;
      }
    }

    function place(latValue, lonValue, pan) {
      lat.value = latValue.toFixed(6);
      lon.value = lonValue.toFixed(6);
      if (map) {
        if (!marker) {
          marker = window.L.marker([latValue, lonValue], { draggable: true, keyboard: true }).addTo(map);
          marker.on("dragend", function () {
            var p = marker.getLatLng();
            place(p.lat, p.lng, false);
          });
        } else {
          marker.setLatLng([latValue, lonValue]);
        }
        if (pan) {
          map.setView([latValue, lonValue], Math.max(map.getZoom(), 15));
        }
      }
      show();
    }

    if (mapEl && window.L) {
      map = window.L.map(mapEl, { maxBounds: BOUNDS }).setView(ANKARA, 10);
      tiles(map, el);
      map.on("click", function (event) {
        place(event.latlng.lat, event.latlng.lng, false);
      });
      if (lat.value && lon.value) {
        place(parseFloat(lat.value), parseFloat(lon.value), true);
      }
    }

    buttons.hidden = false;
    if (!("geolocation" in navigator)) {
      useButton.hidden = true;
    }
    useButton.addEventListener("click", function () {
      status.textContent = el.dataset.waitLabel || "…";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var c = position.coords;
          if (!inAnkara(c.latitude, c.longitude)) {
            status.textContent = el.dataset.outsideLabel || "";
            return;
          }
          place(c.latitude, c.longitude, true);
        },
        function () {
          status.textContent = el.dataset.deniedLabel || "";
        },
        { enableHighAccuracy: true, timeout: 15000 }
      );
    });
    clearButton.addEventListener("click", function () {
      lat.value = "";
      lon.value = "";
      if (marker) {
        marker.remove();
        marker = null;
      }
      show();
    });
    show();
  }

  function setupMap(el) {
    if (!window.L) {
      return;
    }
    var map = window.L.map(el, { maxBounds: BOUNDS }).setView(ANKARA, 10);
    tiles(map, el);
    fetch(el.dataset.pointsUrl, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : { points: [] };
      })
      .then(function (data) {
        data.points.forEach(function (point) {
          var popup = document.createElement("div");
          var link = document.createElement("a");
          link.href = point.url;
          link.textContent = point.title;
          popup.appendChild(link);
          var place = [point.district, point.neighbourhood].filter(Boolean).join(" › ");
          if (place) {
            var p = document.createElement("p");
            p.textContent = place;
            popup.appendChild(p);
          }
          window.L.marker([point.lat, point.lon], { title: point.title, alt: point.title })
            .bindPopup(popup)
            .addTo(map);
        });
      });
  }

  function start() {
    document.querySelectorAll("[data-location-picker]").forEach(setupPicker);
    document.querySelectorAll("[data-proposal-map]").forEach(function (el) {
      if (el.dataset.pointsUrl) {
        setupMap(el);
      } else if (el.dataset.lat && window.L) {
        var point = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
        var map = window.L.map(el).setView(point, 15);
        tiles(map, el);
        window.L.marker(point, { alt: el.getAttribute("aria-label") || "" }).addTo(map);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
