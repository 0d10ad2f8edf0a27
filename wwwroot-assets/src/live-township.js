// <live-township>: a leader's street (or community) as it changes: KPI tiles, counts per
// community or grid, and the open incidents list, all from live events and ticks.
import { LiveFeed, readText } from './live-feed.js';
import { applyKpis } from './kpi-tiles.js';
import { tierGlyphs } from './tier-shapes.js';
import { setRelative } from './relative-time.js';

const listLimit = 50;

export default class LiveTownship extends HTMLElement {
  connectedCallback() {
    this.text = readText('live-text');
    this.list = this.querySelector('[data-incidents]');
    this.template = this.querySelector('[data-incident-template]');
    this.statusText = this.querySelector('[data-live-status]');
    this.level = Number(this.dataset.level);
    this.areaId = Number(this.dataset.group.split(':')[1]);
    this.feed = new LiveFeed({
      seq: this.dataset.seq,
      onEvents: (batch) => this.onEvents(batch),
      onKpis: (kpis) => { if (kpis.group === this.dataset.group) applyKpis(this, kpis); },
      onCounts: (counts) => this.onCounts(counts),
      onStatus: (state) => this.onStatus(state),
      onReload: () => location.reload(),
    });
    this.feed.start().then(() => { this.dataset.ready = 'true'; });
  }

  async onStatus(state) {
    this.statusText.textContent = this.text[state] ?? state;
    this.dataset.live = state;
    if (state === 'live') {
      const kpis = await this.feed.invoke('Watch', this.dataset.area).catch(() => null);
      if (kpis) applyKpis(this, kpis);
    }
  }

  inArea(incident) {
    return this.level === 1 ? incident.streetId === this.areaId : incident.communityId === this.areaId;
  }

  onEvents(batch) {
    for (const e of batch) {
      const incident = e.incident;
      if (!this.inArea(incident)) continue;
      let row = this.list.querySelector(`[data-incident-id="${incident.id}"]`);
      if (!incident.open) { row?.remove(); continue; }
      if (!row) {
        row = this.template.content.firstElementChild.cloneNode(true);
        row.classList.add('fresh');
        this.list.prepend(row);
      }
      this.render(row, incident);
    }
    while (this.list.children.length > listLimit) this.list.lastElementChild.remove();
  }

  render(row, i) {
    row.dataset.incidentId = i.id;
    row.className = `live-incident ${i.timeliness}${row.classList.contains('fresh') ? ' fresh' : ''}`;
    const set = (name, value) => { const node = row.querySelector(`[data-field="${name}"]`); if (node) node.textContent = value; };
    setRelative(row.querySelector('[data-field="reported"]'), i.reportedAt);
    const tier = row.querySelector('[data-field="tier"]');
    tier.className = `tier-badge tier-${i.tier}`;
    const shape = Object.assign(document.createElement('span'), { className: 'tier-shape', textContent: tierGlyphs[i.tier] });
    shape.setAttribute('aria-hidden', 'true');
    tier.replaceChildren(shape, this.text.tiers[i.tier]);
    const ticket = row.querySelector('[data-field="ticket"]');
    ticket.textContent = i.ticket;
    ticket.href = `/incidents/${i.ticket}`;
    set('title', i.title);
    set('state', this.text.states[i.state] ?? i.state);
    set('timeliness', i.timeliness === 'warning' || i.timeliness === 'overdue' ? this.text.timeliness[i.timeliness] : '');
  }

  onCounts(counts) {
    for (const c of counts) {
      const row = this.querySelector(`tr[data-area-code="${CSS.escape(c.code)}"]`);
      if (!row) continue;
      row.querySelector('[data-count="open"]').textContent = String(c.open);
      row.querySelector('[data-count="overdue"]').textContent = c.overdue > 0 ? `⚠ ${c.overdue}` : '0';
      row.classList.toggle('has-overdue', c.overdue > 0);
      row.classList.remove('changed'); void row.offsetWidth; row.classList.add('changed');
    }
  }
}
