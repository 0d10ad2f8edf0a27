// <point-map>: one place on the grid map — an incident's position, or, with data-pick, a place the
// user taps, written into the surrounding form's lon/lat/crs fields. Used where the browser
// cannot give a position (indoors, permission refused), so it loads only when opened.
import maplibregl from 'maplibre-gl/dist/maplibre-gl-csp.js';

maplibregl.setWorkerUrl('/assets/maplibre-gl-csp-worker.js');

const number = (text) => (text === undefined || text === '' ? NaN : Number(text));

export default class PointMap extends HTMLElement {
  connectedCallback() {
    const lon = number(this.dataset.lon);
    const lat = number(this.dataset.lat);
    const hasPoint = Number.isFinite(lon) && Number.isFinite(lat);
    const [centerLon, centerLat] = (this.dataset.center ?? '').split(',').map(Number);
    this.replaceChildren();
    this.map = new maplibregl.Map({
      container: this,
      style: this.buildStyle(),
      center: hasPoint ? [lon, lat] : [centerLon || 0, centerLat || 0],
      zoom: hasPoint ? 15.5 : 12,
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
    });
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
    this.marker = new maplibregl.Marker({ color: '#d14900' });
    if (hasPoint) this.marker.setLngLat([lon, lat]).addTo(this.map);
    if (this.dataset.pick !== undefined) {
      this.map.on('click', (e) => this.pick(e.lngLat));
      this.map.getCanvas().style.cursor = 'crosshair';
    }
    this.map.on('load', () => this.setAttribute('data-ready', 'true'));
    this.addEventListener('position-found', (e) => this.moveTo(e.detail.lon, e.detail.lat));
  }

  disconnectedCallback() {
    this.map?.remove();
  }

  moveTo(lon, lat) {
    this.marker.setLngLat([lon, lat]).addTo(this.map);
    this.map.jumpTo({ center: [lon, lat], zoom: Math.max(this.map.getZoom(), 15.5) });
  }

  pick({ lng, lat }) {
    this.marker.setLngLat([lng, lat]).addTo(this.map);
    const form = this.closest('form');
    if (form) {
      form.querySelector('[data-coordinate=lon]').value = lng.toFixed(7);
      form.querySelector('[data-coordinate=lat]').value = lat.toFixed(7);
      form.querySelector('[data-coordinate=crs]').value = 'wgs84';
    }
    const status = document.getElementById(this.dataset.status ?? '');
    if (status) status.textContent = `${this.dataset.pickedText ?? ''} ${lng.toFixed(5)}, ${lat.toFixed(5)}`;
  }

  buildStyle() {
    const tiles = new URL('/tiles/areas/{z}/{x}/{y}.mvt', location.origin).href.replace(/%7B/g, '{').replace(/%7D/g, '}');
    const byLevel = (level) => ['==', ['get', 'level'], level];
    return {
      version: 8,
      sources: { areas: { type: 'vector', tiles: [tiles], minzoom: 8, maxzoom: 16 } },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } },
        { id: 'grid-fill', type: 'fill', source: 'areas', 'source-layer': 'areas', filter: byLevel(3),
          paint: { 'fill-color': '#c9d6e3', 'fill-opacity': 0.7, 'fill-antialias': false } },
        { id: 'grid-line', type: 'line', source: 'areas', 'source-layer': 'edges', filter: byLevel(3),
          paint: { 'line-color': '#ffffff', 'line-width': 1.2 } },
        { id: 'street-line', type: 'line', source: 'areas', 'source-layer': 'edges', filter: byLevel(1),
          paint: { 'line-color': '#1b2430', 'line-width': 2.5 } },
      ],
    };
  }
}
