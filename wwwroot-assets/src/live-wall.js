// <live-wall>: the command centre's wall screen. Server-rendered tiles, ticker and chart frames;
// this island adds the live map (grids coloured by open/overdue incidents, pins by tier with
// shapes, clustering, a pulse for each new incident), the charts, the clock, and focus that moves
// by itself to red and overdue incidents. Everything after the first snapshot arrives as events.
// Runs for days: every collection here is bounded, and the connection never gives up.
import maplibregl from 'maplibre-gl/dist/maplibre-gl-csp.js';
import { LiveFeed, readText } from './live-feed.js';
import { tierImage, tierGlyphs } from './tier-shapes.js';
import { WallCharts } from './wall-charts.js';
import { applyKpis } from './kpi-tiles.js';

maplibregl.setWorkerUrl('/assets/maplibre-gl-csp-worker.js');

const tickerLimit = 40;
const pulseLimit = 30;
const pulseMs = 20000;
const focusEveryMs = 12000;
const stormBatch = 25;
const tickerEveryMs = 400;

export default class LiveWall extends HTMLElement {
  connectedCallback() {
    this.text = readText('live-text');
    this.pins = new Map();
    this.pending = { upsert: new Map(), remove: new Set() };
    this.pulses = [];
    this.focusIndex = 0;
    this.ticker = this.querySelector('[data-ticker]');
    this.statusText = this.querySelector('[data-live-status]');
    this.focusCard = this.querySelector('[data-focus]');
    this.startClock();
    this.charts = new WallCharts(this, this.text, this.dataset.timeZone);
    this.charts.update(JSON.parse(this.dataset.kpis));
    this.feed = new LiveFeed({
      onEvents: (batch) => this.onEvents(batch),
      onKpis: (kpis) => this.onKpis(kpis),
      onCounts: (counts) => this.colourAreas(counts),
      onStatus: (state) => this.onStatus(state),
      onReload: () => this.loadSnapshot(),
    });
    this.buildMap();
    this.focusTimer = setInterval(() => this.focusNext(), focusEveryMs);
    window.addEventListener('resize', () => this.charts.resize());
  }

  disconnectedCallback() {
    clearInterval(this.clockTimer);
    clearInterval(this.focusTimer);
    this.map?.remove();
  }

  buildMap() {
    const sources = {
      areas: { type: 'vector', tiles: [new URL(this.dataset.tiles, location.origin).href.replace(/%7B/g, '{').replace(/%7D/g, '}')], minzoom: 8, maxzoom: 16, promoteId: { areas: 'code' } },
      pins: { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, cluster: true, clusterRadius: 36, clusterMaxZoom: 14 },
    };
    const layers = [{ id: 'background', type: 'background', paint: { 'background-color': '#0b1622' } }];
    if (this.dataset.basemap) {
      sources.basemap = { type: 'raster', tiles: [this.dataset.basemap], tileSize: 256 };
      layers.push({ id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-brightness-max': 0.45, 'raster-saturation': -0.6 } });
    }
    const grid = ['==', ['get', 'level'], 3];
    layers.push(
      { id: 'grid-fill', type: 'fill', source: 'areas', 'source-layer': 'areas', filter: grid,
        paint: {
          'fill-antialias': false,
          // Grids by live state: overdue incidents red, open ones amber deepening with their number, quiet ones dark.
          'fill-color': ['case',
            ['>', ['coalesce', ['feature-state', 'overdue'], 0], 0], '#b3261e',
            ['>', ['coalesce', ['feature-state', 'open'], 0], 0],
            ['interpolate', ['linear'], ['feature-state', 'open'], 1, '#6b5a1e', 5, '#a8831a', 15, '#d9a21b'],
            '#15324a'],
          'fill-opacity': 0.75,
        } },
      { id: 'grid-line', type: 'line', source: 'areas', 'source-layer': 'edges', filter: grid, paint: { 'line-color': '#3c5f7d', 'line-width': 0.6 } },
      { id: 'street-line', type: 'line', source: 'areas', 'source-layer': 'edges', filter: ['==', ['get', 'level'], 1], paint: { 'line-color': '#9fc3e6', 'line-width': 2 } },
      { id: 'clusters', type: 'circle', source: 'pins', filter: ['has', 'point_count'],
        paint: { 'circle-color': 'rgba(255,255,255,0.18)', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2,
          'circle-radius': ['step', ['get', 'point_count'], 16, 10, 22, 50, 30] } },
      { id: 'pin-overdue', type: 'circle', source: 'pins', filter: ['all', ['!', ['has', 'point_count']], ['==', ['get', 'timeliness'], 'overdue']],
        paint: { 'circle-radius': 15, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#ff5a4f', 'circle-stroke-width': 3 } },
      { id: 'pins', type: 'symbol', source: 'pins', filter: ['!', ['has', 'point_count']],
        layout: { 'icon-image': ['concat', 'tier-', ['get', 'tier']], 'icon-allow-overlap': true, 'icon-size': 1 } },
    );
    this.map = new maplibregl.Map({
      container: this.querySelector('[data-map]'),
      style: { version: 8, sources, layers },
      bounds: this.dataset.bounds ? this.dataset.bounds.split(',').map(Number) : undefined,
      fitBoundsOptions: { padding: 30 },
      attributionControl: false,
      interactive: true,
      dragRotate: false,
    });
    this.home = this.dataset.bounds ? this.dataset.bounds.split(',').map(Number) : null;
    const ratio = window.devicePixelRatio || 1;
    for (const tier of ['green', 'blue', 'yellow', 'red']) {
      this.map.addImage(`tier-${tier}`, tierImage(tier, Math.round(24 * ratio)), { pixelRatio: ratio });
    }
    this.clusterLabels = new Map();
    this.map.on('render', () => this.labelClusters());
    this.map.on('load', async () => {
      await this.loadSnapshot();
      await this.feed.start();
      this.dataset.ready = 'true';
    });
  }

  async loadSnapshot() {
    const response = await fetch('/api/live/snapshot', { headers: { Accept: 'application/json' } });
    if (!response.ok) return;
    const snapshot = await response.json();
    this.pins.clear();
    for (const incident of snapshot.incidents) if (incident.lon != null) this.pins.set(incident.id, incident);
    // The one full load (first paint, or after a long absence); from here on only diffs.
    this.map.getSource('pins').setData({ type: 'FeatureCollection', features: [...this.pins.values()].map(feature) });
    this.mapped = new Set(this.pins.keys());
    this.colourAreas(snapshot.counts);
    this.feed.reset(snapshot.seq);
  }

  onEvents(batch) {
    for (const e of batch) {
      const incident = e.incident;
      if (incident.open && incident.lon != null) {
        this.pins.set(incident.id, incident);
        this.pending.upsert.set(incident.id, incident);
        this.pending.remove.delete(incident.id);
      } else if (this.pins.delete(incident.id)) {
        this.pending.upsert.delete(incident.id);
        this.pending.remove.add(incident.id);
      }
    }
    this.scheduleMapUpdate();
    this.addToTicker(batch);
    for (const e of batch) {
      if (e.type === 'incident.created' && e.incident.lon != null) this.pulse(e.incident);
    }
    const urgent = batch.findLast((e) => isUrgent(e));
    if (urgent && urgent.incident.open) this.focusOn(urgent.incident);
  }

  // Map changes are applied once per frame however many events arrive: a storm is one diff, not a thousand.
  scheduleMapUpdate() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      const source = this.map.getSource('pins');
      if (!source || !this.mapped) return;
      const add = [];
      const update = [];
      for (const [id, incident] of this.pending.upsert) {
        (this.mapped.has(id) ? update : add).push(incident);
      }
      source.updateData({
        add: add.map(feature),
        update: update.map((i) => ({ id: i.id, newGeometry: { type: 'Point', coordinates: [i.lon, i.lat] }, removeAllProperties: true, addOrUpdateProperties: properties(i) })),
        remove: [...this.pending.remove],
      });
      for (const incident of add) this.mapped.add(incident.id);
      for (const id of this.pending.remove) this.mapped.delete(id);
      this.pending.upsert.clear();
      this.pending.remove.clear();
    });
  }

  colourAreas(counts) {
    for (const c of counts) {
      this.map?.setFeatureState({ source: 'areas', sourceLayer: 'areas', id: c.code }, { open: c.open, overdue: c.overdue });
    }
  }

  onKpis(kpis) {
    applyKpis(this, kpis);
    this.charts.update(kpis);
  }

  onStatus(state) {
    this.statusText.textContent = this.text[state] ?? state;
    this.dataset.live = state;
    if (state === 'live') this.feed.invoke('Kpis').then((k) => this.onKpis(k)).catch(() => {});
  }

  // The ticker is redrawn at most every 400 ms: a storm folds into "N more updates" instead of
  // scrolling a thousand lines past a room that cannot read them.
  addToTicker(batch) {
    this.tickerQueue = (this.tickerQueue ?? []).concat(batch.filter((e) => e.type !== 'alert.commented'));
    if (this.tickerTimer) return;
    this.tickerTimer = setTimeout(() => {
      this.tickerTimer = null;
      const shown = this.tickerQueue;
      this.tickerQueue = [];
      const lines = shown.length > stormBatch ? shown.slice(-(stormBatch - 1)) : shown;
      const fragment = document.createDocumentFragment();
      if (shown.length > lines.length) {
        const more = document.createElement('li');
        more.className = 'ticker-item storm';
        more.textContent = this.text.more.replace('{0}', String(shown.length - lines.length));
        fragment.append(more);
      }
      for (const e of lines) fragment.prepend(this.tickerLine(e));
      this.ticker.prepend(fragment);
      while (this.ticker.children.length > tickerLimit) this.ticker.lastElementChild.remove();
    }, tickerEveryMs);
  }

  tickerLine(e) {
    const li = document.createElement('li');
    li.className = 'ticker-item fresh' + (isUrgent(e) ? ' alarm' : '');
    li.dataset.seq = e.seq;
    const time = document.createElement('time');
    time.textContent = this.clockFormat.format(new Date(e.at)).slice(-8);
    const shape = document.createElement('span');
    shape.className = `tier-shape tier-fg-${e.incident.tier}`;
    shape.setAttribute('aria-hidden', 'true');
    shape.textContent = tierGlyphs[e.incident.tier];
    const type = document.createElement('span');
    type.className = 'ticker-type';
    type.textContent = this.text.types[e.type] ?? e.type;
    const title = document.createElement('span');
    title.className = 'ticker-title';
    title.textContent = e.incident.title;
    li.append(time, shape, type, title);
    return li;
  }

  pulse(incident) {
    const element = document.createElement('div');
    element.className = `pin-pulse tier-pulse-${incident.tier}`;
    const marker = new maplibregl.Marker({ element }).setLngLat([incident.lon, incident.lat]).addTo(this.map);
    this.pulses.push(marker);
    if (this.pulses.length > pulseLimit) this.pulses.shift().remove();
    setTimeout(() => { marker.remove(); this.pulses = this.pulses.filter((m) => m !== marker); }, pulseMs);
  }

  // Numbers on clusters as HTML (the wall has no glyph server for map text); only for clusters on screen.
  labelClusters() {
    if (this.labelling) return;
    this.labelling = true;
    requestAnimationFrame(() => {
      this.labelling = false;
      const seen = new Set();
      for (const f of this.map.querySourceFeatures('pins', { filter: ['has', 'point_count'] })) {
        const id = f.properties.cluster_id;
        if (seen.has(id)) continue;
        seen.add(id);
        let marker = this.clusterLabels.get(id);
        if (!marker) {
          const element = document.createElement('div');
          element.className = 'cluster-count';
          marker = new maplibregl.Marker({ element }).setLngLat(f.geometry.coordinates).addTo(this.map);
          this.clusterLabels.set(id, marker);
        }
        marker.setLngLat(f.geometry.coordinates);
        marker.getElement().textContent = f.properties.point_count_abbreviated;
      }
      for (const [id, marker] of this.clusterLabels) {
        if (!seen.has(id)) { marker.remove(); this.clusterLabels.delete(id); }
      }
    });
  }

  // Focus wanders over red and overdue incidents on its own, and returns home when there are none.
  focusNext() {
    const urgent = [...this.pins.values()].filter((i) => i.tier === 'red' || i.timeliness === 'overdue');
    if (urgent.length === 0) {
      this.focusCard.hidden = true;
      if (this.home) this.map.fitBounds(this.home, { padding: 30, duration: 2000 });
      return;
    }
    this.focusIndex = (this.focusIndex + 1) % urgent.length;
    this.focusOn(urgent[this.focusIndex]);
  }

  focusOn(incident) {
    if (incident.lon == null) return;
    this.map.flyTo({ center: [incident.lon, incident.lat], zoom: 15, duration: 2500, essential: true });
    const card = this.focusCard;
    card.replaceChildren();
    const head = document.createElement('h2');
    const shape = document.createElement('span');
    shape.className = `tier-shape tier-fg-${incident.tier}`;
    shape.setAttribute('aria-hidden', 'true');
    shape.textContent = tierGlyphs[incident.tier];
    head.append(shape, ` ${this.text.tiers[incident.tier]} · ${incident.ticket}`);
    const title = document.createElement('p');
    title.className = 'focus-title';
    title.textContent = incident.title;
    const meta = document.createElement('p');
    meta.className = 'focus-meta';
    const timeliness = this.text.timeliness[incident.timeliness];
    meta.textContent = [incident.category, this.text.states[incident.state], timeliness].filter(Boolean).join(' · ');
    card.append(head, title, meta);
    if (incident.dueAt) {
      const due = document.createElement('p');
      due.className = 'focus-meta';
      due.textContent = `${this.text.due} ${this.clockFormat.format(new Date(incident.dueAt))}`;
      card.append(due);
    }
    card.dataset.ticket = incident.ticket;
    card.hidden = false;
  }

  startClock() {
    const clock = this.querySelector('[data-clock]');
    this.clockFormat = new Intl.DateTimeFormat(this.text.lang || 'zh-CN', {
      timeZone: this.dataset.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
    });
    const weekday = new Intl.DateTimeFormat(this.text.lang || 'zh-CN', { timeZone: this.dataset.timeZone, weekday: 'long' });
    const tick = () => { const now = new Date(); clock.textContent = `${this.clockFormat.format(now)} ${weekday.format(now)}`; };
    tick();
    this.clockTimer = setInterval(tick, 1000);
  }
}

function isUrgent(e) {
  return e.type === 'incident.overdue' || e.type === 'incident.escalated' || e.type === 'alert.raised' || e.type === 'alert.escalated' || e.type === 'alert.renotified'
    || ((e.type === 'incident.created' || e.type === 'incident.retiered') && e.incident.tier === 'red');
}

function properties(i) {
  return [
    { key: 'tier', value: i.tier }, { key: 'timeliness', value: i.timeliness }, { key: 'ticket', value: i.ticket },
  ];
}

function feature(i) {
  return { type: 'Feature', id: i.id, geometry: { type: 'Point', coordinates: [i.lon, i.lat] }, properties: { tier: i.tier, timeliness: i.timeliness, ticket: i.ticket } };
}
