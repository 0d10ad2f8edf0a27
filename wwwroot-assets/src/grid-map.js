// <grid-map>: the grid hierarchy as vector tiles from PostGIS, with a side panel rendered on the
// server. Clicking a grid or a link in the panel swaps in the server's panel fragment and moves
// the map; every state is also a plain URL (/map?area=CODE) that works without this script.
import maplibregl from 'maplibre-gl/dist/maplibre-gl-csp.js';
import { paletteExpression, streetPalette } from './palette.js';
import { MapLabels } from './map-labels.js';

maplibregl.setWorkerUrl('/assets/maplibre-gl-csp-worker.js');

const levelNames = ['district', 'street', 'community', 'grid', 'microGrid'];
// A level's labels show once its typical area is this wide on screen. Micro-grid names repeat
// in every grid (第一微网格…), so they wait until they have plenty of room.
const labelMinPixels = { 1: 110, 2: 110, 3: 110, 4: 240 };

export default class GridMap extends HTMLElement {
  connectedCallback() {
    this.replaceChildren();
    this.panel = document.querySelector('.panel-body');
    this.levelWidths = parseLevelWidths(this.dataset.levelWidths);
    this.map = new maplibregl.Map({
      container: this,
      style: this.buildStyle(),
      bounds: parseBounds(this.dataset.bounds) ?? undefined,
      fitBoundsOptions: { padding: 24 },
      attributionControl: this.dataset.basemapAttribution ? { compact: true } : false,
      dragRotate: false,
      pitchWithRotate: false,
    });
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    this.labels = new MapLabels(this.map, this);
    this.map.on('load', () => {
      this.addOverlays();
      this.select(this.dataset.selected);
      this.setAttribute('data-ready', 'true');
      this.loadLabels();
    });
    this.map.on('moveend', () => this.loadLabels());
    this.map.on('idle', () => this.updateLegend());
    this.legend = document.createElement('ul');
    this.legend.className = 'map-legend';
    this.legend.setAttribute('aria-label', this.dataset.legendLabel ?? '');
    this.appendChild(this.legend);
    this.map.on('click', 'grid-fill', (e) => this.onGridClick(e));
    this.map.on('mouseenter', 'grid-fill', () => { this.map.getCanvas().style.cursor = 'pointer'; });
    this.map.on('mouseleave', 'grid-fill', () => { this.map.getCanvas().style.cursor = ''; });
    document.addEventListener('click', (e) => this.onPanelLink(e));
    window.addEventListener('popstate', () => {
      const code = new URL(location.href).searchParams.get('area');
      if (code) this.show(code, { push: false });
    });
  }

  disconnectedCallback() {
    this.map?.remove();
  }

  buildStyle() {
    const sources = {
      areas: { type: 'vector', tiles: [new URL(this.dataset.tiles, location.origin).href.replace(/%7B/g, '{').replace(/%7D/g, '}')], minzoom: 8, maxzoom: 16 },
    };
    const layers = [{ id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } }];
    if (this.dataset.basemap) {
      sources.basemap = { type: 'raster', tiles: [this.dataset.basemap], tileSize: 256, attribution: this.dataset.basemapAttribution };
      layers.push({ id: 'basemap', type: 'raster', source: 'basemap' });
    }
    const microMin = Number(this.dataset.microgridMinzoom ?? 14);
    const byLevel = (level) => ['==', ['get', 'level'], level];
    layers.push(
      { id: 'grid-fill', type: 'fill', source: 'areas', 'source-layer': 'areas', filter: byLevel(3),
        // No antialiasing: it would stroke the tile edges as faint seams; the edge layers draw outlines.
        paint: { 'fill-color': paletteExpression(), 'fill-opacity': this.dataset.basemap ? 0.35 : 0.55, 'fill-antialias': false } },
      { id: 'selected-fill', type: 'fill', source: 'areas', 'source-layer': 'areas', filter: ['==', ['get', 'code'], ''],
        paint: { 'fill-color': '#ffb000', 'fill-opacity': 0.35, 'fill-antialias': false } },
      { id: 'micro-line', type: 'line', source: 'areas', 'source-layer': 'edges', filter: byLevel(4), minzoom: microMin,
        paint: { 'line-color': '#ffffff', 'line-width': 0.6, 'line-opacity': 0.8, 'line-dasharray': [2, 2] } },
      { id: 'grid-line', type: 'line', source: 'areas', 'source-layer': 'edges', filter: byLevel(3),
        paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.4, 16, 1.5] } },
      { id: 'community-line', type: 'line', source: 'areas', 'source-layer': 'edges', filter: byLevel(2),
        paint: { 'line-color': '#3a4a5c', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.8, 16, 2.2] } },
      { id: 'street-line', type: 'line', source: 'areas', 'source-layer': 'edges', filter: byLevel(1),
        paint: { 'line-color': '#1b2430', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 1.6, 16, 4] } },
      { id: 'selected-line', type: 'line', source: 'areas', 'source-layer': 'edges', filter: ['==', ['get', 'code'], ''],
        paint: { 'line-color': '#d14900', 'line-width': 3.5 } },
    );
    return { version: 8, sources, layers };
  }

  // The streets in view with their colours: colour alone never names a street.
  updateLegend() {
    const streets = new Map();
    for (const feature of this.map.queryRenderedFeatures({ layers: ['grid-fill'] })) {
      streets.set(feature.properties.street, feature.properties.palette);
    }
    const items = [...streets].sort((a, b) => a[0].localeCompare(b[0], 'zh-CN')).map(([name, palette]) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = streetPalette[palette] ?? '#888';
      item.append(swatch, name);
      return item;
    });
    this.legend.replaceChildren(...items);
    this.legend.hidden = items.length === 0;
  }

  onGridClick(event) {
    const feature = event.features?.[0];
    if (!feature) return;
    // Pages without the side panel (grid health, split preview) open the grid on the map page.
    if (!this.panel) location.href = `/map?area=${encodeURIComponent(feature.properties.code)}`;
    else this.show(feature.properties.code, { push: true, fit: false });
  }

  // Overlays: GeoJSON layers the page lists in data-overlays (grid health, patrols, hotspots, a
  // split preview), each with a checkbox — its name beside its colour, so colour never stands alone.
  addOverlays() {
    const overlays = JSON.parse(this.dataset.overlays || '[]');
    if (overlays.length === 0) return;
    const box = document.createElement('fieldset');
    box.className = 'map-overlays';
    const legend = document.createElement('legend');
    legend.textContent = this.dataset.overlaysLabel ?? '';
    box.append(legend);
    for (const overlay of overlays) {
      const source = `overlay:${overlay.url}`;
      if (!this.map.getSource(source)) this.map.addSource(source, { type: 'geojson', data: overlay.url });
      const filter = overlay.layer ? ['==', ['get', 'layer'], overlay.layer] : null;
      const color = ['coalesce', ['get', 'color'], overlay.color];
      const ids = overlayLayers(overlay, source, filter, color).map((layer) => {
        if (!layer.filter) delete layer.filter;
        this.map.addLayer(layer);
        return layer.id;
      });
      const label = document.createElement('label');
      const toggle = document.createElement('input');
      toggle.type = 'checkbox';
      toggle.checked = overlay.on !== false;
      toggle.dataset.overlay = overlay.id;
      const swatch = document.createElement('span');
      swatch.className = `swatch overlay-${overlay.type}`;
      swatch.style.background = overlay.color;
      label.append(toggle, swatch, overlay.label);
      toggle.addEventListener('change', () => {
        for (const id of ids) this.map.setLayoutProperty(id, 'visibility', toggle.checked ? 'visible' : 'none');
      });
      if (!toggle.checked) for (const id of ids) this.map.setLayoutProperty(id, 'visibility', 'none');
      box.append(label);
    }
    this.appendChild(box);
    this.map.once('idle', () => this.setAttribute('data-overlays-ready', 'true'));
  }

  onPanelLink(event) {
    const link = event.target.closest?.('a[data-area]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    this.show(link.dataset.area, { push: true, fit: true });
  }

  async show(code, { push = true, fit = true } = {}) {
    const response = await fetch(`/map/panel/${encodeURIComponent(code)}`, { headers: { Accept: 'text/html' } });
    if (!response.ok) return;
    this.panel.innerHTML = await response.text();
    document.querySelector('.search-results')?.remove();
    this.select(code);
    if (push) history.pushState({ area: code }, '', `/map?area=${encodeURIComponent(code)}`);
    const bounds = parseBounds(this.panel.querySelector('.area-panel')?.dataset.bounds);
    if (fit && bounds) this.map.fitBounds(bounds, { padding: 40, maxZoom: 17.5 });
    this.panel.querySelector('h2')?.focus?.();
  }

  select(code) {
    const filter = ['==', ['get', 'code'], code ?? ''];
    this.map.setFilter('selected-fill', filter);
    this.map.setFilter('selected-line', filter);
    this.dataset.selected = code ?? '';
  }

  // Labels of the finest level whose typical area is wide enough on screen at this zoom.
  async loadLabels() {
    const level = this.labelLevel();
    if (level === null) return this.labels.set([]);
    const b = this.map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(6)).join(',');
    this.pending?.abort();
    this.pending = new AbortController();
    try {
      const response = await fetch(`/api/map/labels?level=${levelNames[level]}&bbox=${bbox}`, { signal: this.pending.signal });
      if (response.ok) this.labels.set(await response.json());
    } catch (error) {
      if (error.name !== 'AbortError') throw error;
    }
  }

  labelLevel() {
    const centre = this.map.getCenter();
    let chosen = null;
    for (const [level, width] of this.levelWidths) {
      const left = this.map.project([centre.lng - width / 2, centre.lat]);
      const right = this.map.project([centre.lng + width / 2, centre.lat]);
      if (Math.abs(right.x - left.x) >= (labelMinPixels[level] ?? 110)) chosen = level;
    }
    return chosen;
  }
}

function overlayLayers(overlay, source, filter, color) {
  const id = `overlay-${overlay.id}`;
  if (overlay.type === 'circle') {
    return [{ id, type: 'circle', source, filter, paint: {
      'circle-radius': 6, 'circle-stroke-width': 2, 'circle-stroke-color': '#ffffff',
      'circle-color': ['case', ['==', ['get', 'outside'], true], '#d7263d', color] } }];
  }
  const line = { id: `${id}-line`, type: 'line', source, filter, paint: { 'line-color': color, 'line-width': overlay.type === 'line' ? 2.5 : 1.5,
    ...(overlay.type === 'line' ? { 'line-dasharray': [2, 1.5] } : {}) } };
  if (overlay.type === 'line') return [line];
  return [{ id, type: 'fill', source, filter, paint: { 'fill-color': color, 'fill-opacity': 0.55 } }, line];
}

function parseBounds(text) {
  const parts = (text ?? '').split(',').map(Number);
  return parts.length === 4 && parts.every(Number.isFinite) ? [[parts[0], parts[1]], [parts[2], parts[3]]] : null;
}

function parseLevelWidths(text) {
  return (text ?? '').split(',').filter(Boolean).map((pair) => pair.split(':').map(Number)).sort((a, b) => a[0] - b[0]);
}
