/* Service-area maps (templates/providers/partials/service_area_map.html, docs/decisions/0029-maps.md).
   Every [data-netfix-map] element carries its data in data- attributes (no inline script: strict CSP).
   - Leaflet (static/vendor/leaflet-1.9.4) over the configured tile server, or Google Maps when the element has
     data-google-maps-key; a marker at the centre and a circle of the radius, zoomed to fit the circle.
   - The element starts with a sentence (the fallback); the map replaces it when it starts and the sentence comes
     back, with data-error-message, when the tiles, Leaflet or Google cannot load. */
(function () {
  "use strict";
  var nonce = document.currentScript ? document.currentScript.nonce : "";

  function readArea(element) {
    var area = {
      lat: parseFloat(element.dataset.latitude),
      lng: parseFloat(element.dataset.longitude),
      radiusKm: parseFloat(element.dataset.radiusKm),
      place: element.dataset.place || ""
    };
    if (!isFinite(area.lat) || !isFinite(area.lng) || !isFinite(area.radiusKm)) { return null; }
    return area;
  }

  /* A fresh box for the map; maps are pictures, so it is always left-to-right, also on Arabic pages. */
  function makeCanvas(element) {
    var canvas = document.createElement("div");
    canvas.className = "netfix-map-canvas";
    canvas.setAttribute("dir", "ltr");
    element.appendChild(canvas);
    return canvas;
  }

  function showMap(element) {
    var fallback = element.querySelector("[data-map-fallback]");
    if (fallback) { fallback.hidden = true; }
    element.classList.add("netfix-map-ready");
  }

  function showFallback(element, canvas) {
    if (canvas && canvas.parentNode) { canvas.parentNode.removeChild(canvas); }
    var fallback = element.querySelector("[data-map-fallback]");
    if (fallback) {
      fallback.textContent = element.dataset.errorMessage || fallback.textContent;
      fallback.hidden = false;
    }
    element.classList.remove("netfix-map-ready");
    element.classList.add("netfix-map-failed");
  }

  function drawLeaflet(element, area) {
    var L = window.L;
    if (!L) { showFallback(element, null); return; }
    var canvas = makeCanvas(element);
    var map = L.map(canvas, { scrollWheelZoom: false });
    var loadedTiles = 0;
    var failed = false;
    var tiles = L.tileLayer(element.dataset.tileUrl, {
      attribution: element.dataset.tileAttribution || "",
      maxZoom: 19
    });
    tiles.on("tileload", function () { loadedTiles += 1; });
    tiles.on("tileerror", function () {
      // One missing tile among many is tolerable; a map that has shown no tile at all tells nothing.
      if (!failed && loadedTiles === 0) {
        failed = true;
        map.remove();
        showFallback(element, canvas);
      }
    });
    showMap(element);
    tiles.addTo(map);
    var circle = L.circle([area.lat, area.lng], { radius: area.radiusKm * 1000 }).addTo(map);
    var icon = L.icon({
      iconUrl: element.dataset.markerIcon,
      iconRetinaUrl: element.dataset.markerIcon2x,
      shadowUrl: element.dataset.markerShadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      shadowSize: [41, 41]
    });
    L.marker([area.lat, area.lng], { icon: icon, title: area.place, alt: area.place }).addTo(map);
    map.fitBounds(circle.getBounds());
  }

  function drawGoogle(element, area) {
    var maps = window.google && window.google.maps;
    if (!maps) { showFallback(element, null); return; }
    var canvas = makeCanvas(element);
    var center = { lat: area.lat, lng: area.lng };
    var map = new maps.Map(canvas, { center: center, zoom: 9, gestureHandling: "cooperative" });
    var circle = new maps.Circle({
      map: map, center: center, radius: area.radiusKm * 1000,
      strokeColor: "#0b6e4f", fillColor: "#0b6e4f", fillOpacity: 0.15, strokeWeight: 2
    });
    new maps.Marker({ map: map, position: center, title: area.place });
    map.fitBounds(circle.getBounds());
    showMap(element);
  }

  function loadGoogle(elements) {
    var key = elements[0].dataset.googleMapsKey;
    function failAll() {
      elements.forEach(function (item) { showFallback(item.element, item.element.querySelector(".netfix-map-canvas")); });
    }
    window.netfixGoogleMapsReady = function () {
      elements.forEach(function (item) { drawGoogle(item.element, item.area); });
    };
    window.gm_authFailure = failAll; // Google calls this when the key is refused
    var script = document.createElement("script");
    script.src = "https://maps.googleapis.com/maps/api/js?key=" + encodeURIComponent(key) +
      "&callback=netfixGoogleMapsReady&loading=async&language=" + encodeURIComponent(document.documentElement.lang || "en");
    script.async = true;
    if (nonce) { script.nonce = nonce; }
    script.addEventListener("error", failAll);
    document.head.appendChild(script);
  }

  function init() {
    var google = [];
    document.querySelectorAll("[data-netfix-map]").forEach(function (element) {
      var area = readArea(element);
      if (!area) { return; }
      if (element.dataset.googleMapsKey) {
        google.push({ element: element, area: area });
      } else {
        drawLeaflet(element, area);
      }
    });
    if (google.length) { loadGoogle(google); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
