// The map behind <GridMap> (Components/Maps): MapLibre over the grid hierarchy's vector tiles, driven
// from .NET through a small surface — pins(upserts, removes), states(counts), select, flyTo, fit,
// layerVisible, pulse. The component diffs what it holds against what it sent, so only changed
// features cross the circuit; here they become updateData/setFeatureState, never a full reload.
import maplibregl from 'maplibre-gl/dist/maplibre-gl-csp.js';
import { paletteExpression, streetPalette } from '../palette.js';
import { MapLabels } from '../map-labels.js';
import { tierImage } from '../tier-shapes.js';
import { overlayLayers } from './map-overlays.js';
import { ClusterCounts } from './cluster-counts.js';
import { HeldPins } from './held-pins.js';

maplibregl.setWorkerUrl('/assets/maplibre-gl-csp-worker.js');

const levelNames = ['district', 'street', 'community', 'grid', 'microGrid'];
// A level's labels show once its typical area is this wide on screen. Micro-grid names repeat
// in every grid (第一微网格…), so they wait until they have plenty of room.
const labelMinPixels = { 1: 110, 2: 110, 3: 110, 4: 240 };
const pulseLimit = 30;
// A pulse rings three times (live.css); its marker leaves once the rings are done.
const pulseMs = 5000;
const themes = {
  light: { background: '#eef1f4', grid: '#ffffff', community: '#3a4a5c', street: '#1b2430', quiet: '#c9d6e3' },
  dark: { background: '#0b1622', grid: '#3c5f7d', community: '#5d81a2', street: '#9fc3e6', quiet: '#15324a' },
};

// Null for an element that left the page before the map was made (the component releases it).
export function create(element, setup, dotnet) {
  return element?.isConnected ? new GridMapView(element, setup, dotnet) : null;
}

class GridMapView {
  constructor(element, setup, dotnet) {
    this.element = element;
    this.setup = setup;
    this.dotnet = dotnet;
    this.theme = themes[setup.theme] ?? themes.light;
    this.pending = { pins: null, states: [], select: setup.selected ?? null };
    this.pulses = [];
    this.held = new HeldPins(setup.updateGapMs ?? 0, (upserts, removes) => this.applyPins(upserts, removes));
    this.map = new maplibregl.Map({
      container: element,
      style: this.style(),
      bounds: setup.bounds ?? undefined,
      center: setup.center ?? undefined,
      zoom: setup.zoom ?? undefined,
      fitBoundsOptions: { padding: setup.padding ?? 24 },
      attributionControl: setup.basemapAttribution ? { compact: true } : false,
      dragRotate: false,
      pitchWithRotate: false,
      // Pins appear at once: a fade is several more whole frames after every change, and a live map changes often.
      fadeDuration: 0,
    });
    // Reachable from the element, as the islands' maps were (tests and the browser's console read it).
    element.map = this.map;
    if (setup.navigation) {
      this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
      this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    }
    const ratio = window.devicePixelRatio || 1;
    for (const tier of ['green', 'blue', 'yellow', 'red']) {
      this.map.addImage(`tier-${tier}`, tierImage(tier, Math.round((setup.pinSize ?? 24) * ratio)), { pixelRatio: ratio });
    }
    if (setup.cluster) this.clusterCounts = new ClusterCounts(this.map, maplibregl);
    this.levelWidths = parseLevelWidths(setup.levelWidths);
    if (this.levelWidths.length > 0) {
      this.labels = new MapLabels(this.map, element);
      this.map.on('moveend', () => this.loadLabels());
    }
    if (setup.fill === 'palette') {
      this.legend = document.createElement('ul');
      this.legend.className = 'map-legend';
      this.legend.setAttribute('aria-label', setup.legendLabel ?? '');
      element.appendChild(this.legend);
      this.map.on('idle', () => this.updateLegend());
    }
    this.map.on('click', 'grid-fill', (e) => this.onAreaClick(e));
    this.map.on('click', 'pins', (e) => this.onPinClick(e));
    for (const layer of ['grid-fill', 'pins']) {
      this.map.on('mouseenter', layer, () => { this.map.getCanvas().style.cursor = 'pointer'; });
      this.map.on('mouseleave', layer, () => { this.map.getCanvas().style.cursor = ''; });
    }
    this.map.on('load', () => this.onLoad());
    // A container that changes size (a drawer, a window) keeps the map filling it.
    this.resizer = new ResizeObserver(() => this.map.resize());
    this.resizer.observe(element);
  }

  style() {
    const s = this.setup;
    const t = this.theme;
    const tiles = new URL(s.tiles, location.origin).href.replace(/%7B/g, '{').replace(/%7D/g, '}');
    const sources = {
      // Areas are addressed by id (two districts may both have a grid "1"), so counts can colour them through feature state.
      areas: { type: 'vector', tiles: [tiles], minzoom: 8, maxzoom: 16, promoteId: { areas: 'area_id' } },
      pins: { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, cluster: !!s.cluster, clusterRadius: 36, clusterMaxZoom: 14 },
    };
    const layers = [{ id: 'background', type: 'background', paint: { 'background-color': t.background } }];
    if (s.basemap) {
      sources.basemap = { type: 'raster', tiles: [s.basemap], tileSize: 256, attribution: s.basemapAttribution ?? undefined };
      layers.push({ id: 'basemap', type: 'raster', source: 'basemap',
        paint: s.theme === 'dark' ? { 'raster-brightness-max': 0.45, 'raster-saturation': -0.6 } : {} });
    }
    const byLevel = (level) => ['==', ['get', 'level'], level];
    // Selection and outline go by area id: two districts may both have a grid "1".
    const none = ['==', ['get', 'area_id'], -1];
    layers.push(
      // No antialiasing: it would stroke the tile edges as faint seams; the edge layers draw outlines.
      { id: 'grid-fill', type: 'fill', source: 'areas', 'source-layer': 'areas', filter: byLevel(3),
        paint: { 'fill-color': this.fillColour(), 'fill-opacity': this.fillOpacity(), 'fill-antialias': false } },
      { id: 'selected-fill', type: 'fill', source: 'areas', 'source-layer': 'areas', filter: none,
        paint: { 'fill-color': '#ffb000', 'fill-opacity': 0.35, 'fill-antialias': false } },
      { id: 'micro-line', type: 'line', source: 'areas', 'source-layer': 'edges', filter: byLevel(4), minzoom: s.microGridMinZoom ?? 14,
        paint: { 'line-color': t.grid, 'line-width': 0.6, 'line-opacity': 0.8, 'line-dasharray': [2, 2] } },
      { id: 'grid-line', type: 'line', source: 'areas', 'source-layer': 'edges', filter: byLevel(3),
        paint: { 'line-color': t.grid, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.4, 16, 1.5] } },
      { id: 'community-line', type: 'line', source: 'areas', 'source-layer': 'edges', filter: byLevel(2),
        paint: { 'line-color': t.community, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.8, 16, 2.2] } },
      { id: 'street-line', type: 'line', source: 'areas', 'source-layer': 'edges', filter: byLevel(1),
        paint: { 'line-color': t.street, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 1.6, 16, 4] } },
      // The page's own area (a township's street) outlined: the grids around it stay for orientation.
      { id: 'outline-line', type: 'line', source: 'areas', 'source-layer': 'edges', filter: ['==', ['get', 'area_id'], s.outline ?? -1],
        paint: { 'line-color': s.theme === 'dark' ? '#ffb000' : '#24476b', 'line-width': 4 } },
      { id: 'selected-line', type: 'line', source: 'areas', 'source-layer': 'edges', filter: none,
        paint: { 'line-color': '#d14900', 'line-width': 3.5 } },
      { id: 'clusters', type: 'circle', source: 'pins', filter: ['has', 'point_count'],
        paint: { 'circle-color': s.theme === 'dark' ? 'rgba(255,255,255,0.18)' : 'rgba(27,36,48,0.55)', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2,
          'circle-radius': ['step', ['get', 'point_count'], 16, 10, 22, 50, 30] } },
      // Overdue pins wear a red ring: lateness is a shape too, not only a colour.
      { id: 'pin-overdue', type: 'circle', source: 'pins', filter: ['all', ['!', ['has', 'point_count']], ['==', ['get', 'timeliness'], 'overdue']],
        paint: { 'circle-radius': 15, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#ff5a4f', 'circle-stroke-width': 3 } },
      { id: 'pins', type: 'symbol', source: 'pins', filter: ['!', ['has', 'point_count']],
        layout: { 'icon-image': ['concat', 'tier-', ['get', 'tier']], 'icon-allow-overlap': true } },
    );
    return { version: 8, sources, layers };
  }

  fillColour() {
    if (this.setup.fill === 'palette') return paletteExpression();
    if (this.setup.fill !== 'live') return this.theme.quiet;
    const dark = this.setup.theme === 'dark';
    // Grids by live state: overdue incidents red, open ones amber deepening with their number, quiet ones plain.
    return ['case',
      ['>', ['coalesce', ['feature-state', 'overdue'], 0], 0], '#b3261e',
      ['>', ['coalesce', ['feature-state', 'open'], 0], 0],
      ['interpolate', ['linear'], ['coalesce', ['feature-state', 'open'], 0], 1, dark ? '#6b5a1e' : '#f3d98b', 5, dark ? '#a8831a' : '#e6b13a', 15, '#d9a21b'],
      this.theme.quiet];
  }

  fillOpacity() {
    if (this.setup.fill === 'live') return 0.75;
    return this.setup.basemap ? 0.35 : 0.55;
  }

  onLoad() {
    for (const overlay of this.setup.overlays ?? []) this.addOverlay(overlay);
    this.loaded = true;
    if (this.pending.pins) this.applyPins(this.pending.pins.upserts, this.pending.pins.removes);
    this.applyStates(this.pending.states);
    this.select(this.pending.select);
    this.pending = null;
    this.loadLabels();
    this.map.once('idle', () => {
      this.element.dataset.ready = 'true';
      this.dotnet?.invokeMethodAsync('MapLoaded').catch(() => {});
    });
  }

  addOverlay(overlay) {
    const source = `overlay:${overlay.url}`;
    if (!this.map.getSource(source)) this.map.addSource(source, { type: 'geojson', data: overlay.url });
    const filter = overlay.layer ? ['==', ['get', 'layer'], overlay.layer] : null;
    const color = ['coalesce', ['get', 'color'], overlay.color];
    this.overlays ??= new Map();
    const ids = overlayLayers(overlay, source, filter, color).map((layer) => {
      if (!layer.filter) delete layer.filter;
      // Overlays lie under the pins and the selection.
      this.map.addLayer(layer, 'selected-line');
      if (overlay.on === false) this.map.setLayoutProperty(layer.id, 'visibility', 'none');
      return layer.id;
    });
    this.overlays.set(overlay.id, ids);
  }

  /** Shows or hides one overlay (the component's checkboxes). */
  layerVisible(id, visible) {
    for (const layer of this.overlays?.get(id) ?? []) this.map.setLayoutProperty(layer, 'visibility', visible ? 'visible' : 'none');
  }

  /** Pins that are new or changed, and the ids of pins that went away. */
  pins(upserts, removes) {
    if (!this.loaded) {
      const queued = this.pending.pins ??= { upserts: [], removes: [] };
      queued.upserts.push(...upserts);
      queued.removes.push(...removes);
      return;
    }
    this.held.put(upserts, removes);
  }

  applyPins(upserts, removes) {
    this.mapped ??= new Set();
    const add = [];
    const update = [];
    for (const pin of upserts) (this.mapped.has(pin.id) ? update : add).push(pin);
    const remove = removes.filter((id) => this.mapped.has(id));
    this.map.getSource('pins').updateData({
      add: add.map(feature),
      update: update.map((p) => ({ id: p.id, newGeometry: { type: 'Point', coordinates: [p.lon, p.lat] }, removeAllProperties: true,
        addOrUpdateProperties: Object.entries(properties(p)).map(([key, value]) => ({ key, value })) })),
      remove,
    });
    for (const pin of add) this.mapped.add(pin.id);
    for (const id of remove) this.mapped.delete(id);
    this.element.dataset.pins = String(this.mapped.size);
  }

  /** Open and overdue counts of the areas that changed: colours by feature state, no tile reloads. */
  states(counts) {
    if (!this.loaded) { this.pending.states.push(...counts); return; }
    this.applyStates(counts);
  }

  applyStates(counts) {
    for (const c of counts) {
      this.map.setFeatureState({ source: 'areas', sourceLayer: 'areas', id: c.id }, { open: c.open, overdue: c.overdue });
    }
  }

  select(id) {
    if (!this.loaded) { this.pending.select = id; return; }
    const filter = ['==', ['get', 'area_id'], id ?? -1];
    this.map.setFilter('selected-fill', filter);
    this.map.setFilter('selected-line', filter);
    this.element.dataset.selected = id ?? '';
  }

  flyTo(lon, lat, zoom) {
    this.map.flyTo({ center: [lon, lat], zoom: zoom ?? Math.max(this.map.getZoom(), 15), duration: 2500, essential: true });
  }

  fit(bounds) {
    if (bounds?.length === 4) this.map.fitBounds(bounds, { padding: this.setup.padding ?? 24, maxZoom: 17.5, duration: 1500 });
  }

  /** A ring that fades where something new happened (the wall's eye-catcher); bounded, so a storm cannot pile them up. */
  pulse(lon, lat, tier) {
    if (!this.loaded) return;
    const element = document.createElement('div');
    element.className = `pin-pulse tier-pulse-${tier}`;
    const marker = new maplibregl.Marker({ element }).setLngLat([lon, lat]).addTo(this.map);
    // MapLibre names every marker a "Map marker" button; a pulse is decoration (the ticker says what
    // happened), so it leaves the accessibility tree instead of adding buttons that do nothing.
    element.removeAttribute('role');
    element.removeAttribute('aria-label');
    element.setAttribute('aria-hidden', 'true');
    this.pulses.push(marker);
    if (this.pulses.length > pulseLimit) this.pulses.shift().remove();
    setTimeout(() => { marker.remove(); this.pulses = this.pulses.filter((m) => m !== marker); }, pulseMs);
  }

  onAreaClick(event) {
    // A pin above the grid wins the click.
    if (this.map.queryRenderedFeatures(event.point, { layers: ['pins', 'clusters'] }).length > 0) return;
    // The id, not the code: codes repeat across districts (issue 20), ids name one polygon.
    const id = event.features?.[0]?.properties.area_id;
    if (id != null && this.setup.clickAreas) this.dotnet?.invokeMethodAsync('AreaClicked', Number(id)).catch(() => {});
  }

  async onPinClick(event) {
    const id = event.features?.[0]?.id;
    if (id != null && this.setup.clickPins) this.dotnet?.invokeMethodAsync('PinClicked', Number(id)).catch(() => {});
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

  // Labels of the finest level whose typical area is wide enough on screen at this zoom.
  async loadLabels() {
    if (!this.labels) return;
    const level = this.labelLevel();
    if (level === null) { this.labels.set([]); return; }
    const b = this.map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(6)).join(',');
    this.labelRequest?.abort();
    this.labelRequest = new AbortController();
    try {
      const response = await fetch(`/api/map/labels?level=${levelNames[level]}&bbox=${bbox}`, { signal: this.labelRequest.signal });
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

  dispose() {
    this.resizer.disconnect();
    this.held.dispose();
    for (const marker of this.pulses) marker.remove();
    this.clusterCounts?.dispose();
    this.labelRequest?.abort();
    this.map.remove();
  }
}

function parseLevelWidths(text) {
  return (text ?? '').split(',').filter(Boolean).map((pair) => pair.split(':').map(Number)).sort((a, b) => a[0] - b[0]);
}

function properties(p) {
  return { tier: p.tier, timeliness: p.timeliness ?? '', ticket: p.ticket ?? '' };
}

function feature(p) {
  return { type: 'Feature', id: p.id, geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: properties(p) };
}
