// <alert-console>: the supervisor's live inbox. Alerts arrive and change as events; actions go to
// the hub with the version the supervisor saw, so of two people pressing at once one wins and the
// other is told at once who acted and when. Driven from the keyboard: J/K (or arrows) move,
// A acknowledges, E escalates, R reassigns, C comments, O/Enter opens the incident.
import { LiveFeed, readText } from './live-feed.js';
import { tierGlyphs } from './tier-shapes.js';
import { localTime, setRelative } from './relative-time.js';

export default class AlertConsole extends HTMLElement {
  connectedCallback() {
    this.text = readText('live-text');
    this.list = this.querySelector('[data-alert-list]');
    this.template = this.querySelector('[data-row-template]');
    this.input = this.querySelector('[data-alert-input]');
    this.labels = this.querySelector('[data-labels]').dataset;
    this.statusText = this.querySelector('[data-live-status]');
    this.showAll = new URL(location.href).searchParams.get('all') === 'true';
    this.select(this.rows()[0]);
    this.addEventListener('keydown', (e) => this.onKey(e));
    document.addEventListener('keydown', (e) => { if (e.target === document.body) this.onKey(e); });
    this.addEventListener('click', (e) => this.onClick(e));
    this.input.addEventListener('submit', (e) => { e.preventDefault(); this.submitInput(); });
    this.input.querySelector('[data-cancel]').addEventListener('click', () => this.closeInput());
    this.feed = new LiveFeed({
      seq: this.dataset.seq,
      onEvents: (batch) => this.onEvents(batch),
      onStatus: (state) => { this.statusText.textContent = this.text[state] ?? state; this.dataset.live = state; },
      onReload: () => location.reload(),
    });
    this.feed.start().then(() => { this.dataset.ready = 'true'; });
  }

  rows() { return [...this.list.querySelectorAll('.alert-row')]; }

  select(row) {
    if (!row) return;
    for (const r of this.rows()) { r.classList.toggle('selected', r === row); r.tabIndex = r === row ? 0 : -1; r.setAttribute('aria-current', r === row ? 'true' : 'false'); }
    this.selected = row;
  }

  move(step) {
    const rows = this.rows();
    const at = rows.indexOf(this.selected);
    const next = rows[Math.max(0, Math.min(rows.length - 1, at + step))];
    this.select(next);
    next?.focus();
  }

  onKey(e) {
    if (e.target.closest?.('input, textarea, select') || e.ctrlKey || e.metaKey || e.altKey) return;
    const actions = { j: () => this.move(1), ArrowDown: () => this.move(1), k: () => this.move(-1), ArrowUp: () => this.move(-1),
      a: () => this.act('acknowledge'), e: () => this.act('escalate'), r: () => this.act('reassign'), c: () => this.act('comment'),
      o: () => this.act('open'), Enter: () => this.act('open') };
    const action = actions[e.key];
    if (action) { e.preventDefault(); action(); }
  }

  onClick(e) {
    const button = e.target.closest('[data-do]');
    if (button) { this.act(button.dataset.do); return; }
    const row = e.target.closest('.alert-row');
    if (row && !e.target.closest('a')) this.select(row);
  }

  async act(action) {
    const row = this.selected;
    if (!row) return;
    if (action === 'open') { location.href = `/incidents/${row.dataset.ticket}`; return; }
    if (action === 'acknowledge') { await this.call(row, 'Acknowledge', Number(row.dataset.alertId), Number(row.dataset.version)); return; }
    this.openInput(action, row);
  }

  openInput(action, row) {
    this.pendingAction = { action, row };
    this.input.querySelector('[data-input-label]').textContent = this.labels[action];
    const field = this.input.querySelector('input');
    field.value = '';
    if (action === 'reassign') field.setAttribute('list', 'supervisors'); else field.removeAttribute('list');
    this.input.hidden = false;
    field.focus();
  }

  closeInput() {
    this.input.hidden = true;
    this.pendingAction?.row.focus();
    this.pendingAction = null;
  }

  async submitInput() {
    const { action, row } = this.pendingAction ?? {};
    if (!row) return;
    const value = this.input.querySelector('input').value;
    this.closeInput();
    const id = Number(row.dataset.alertId);
    const version = Number(row.dataset.version);
    if (action === 'escalate') await this.call(row, 'Escalate', id, version, value);
    if (action === 'reassign') await this.call(row, 'Reassign', id, version, value);
    if (action === 'comment') await this.call(row, 'Comment', id, value);
  }

  async call(row, method, ...args) {
    const outcome = row.querySelector('[data-field="outcome"]');
    try {
      const result = await this.feed.invoke(method, ...args);
      if (result.alert) this.render(row, result.alert);
      if (result.done) {
        outcome.textContent = this.text.done.replace('{0}', this.text.alertActions[result.alert.alert.lastAction] ?? '');
        outcome.className = 'alert-outcome ok';
      } else if (result.error === 'conflict') {
        const a = result.alert.alert;
        outcome.textContent = this.text.conflict.replace('{0}', a.actedBy).replace('{1}', localTime(a.actedAt)).replace('{2}', this.text.alertActions[a.lastAction]);
        outcome.className = 'alert-outcome conflict';
      } else {
        outcome.textContent = this.text[result.error === 'not-found' ? 'notFound' : 'invalid'];
        outcome.className = 'alert-outcome conflict';
      }
    } catch {
      outcome.textContent = this.text.offline;
      outcome.className = 'alert-outcome conflict';
    }
  }

  onEvents(batch) {
    for (const e of batch) {
      if (!e.alert) continue;
      let row = this.list.querySelector(`.alert-row[data-alert-id="${e.alert.id}"]`);
      if (!row) {
        if (e.alert.state !== 'open' && !this.showAll) continue;
        row = this.template.content.firstElementChild.cloneNode(true);
        row.classList.add('fresh');
        this.list.querySelector('[data-empty]')?.remove();
        this.list.prepend(row);
        if (!this.selected) this.select(row);
      }
      this.render(row, e);
    }
    this.querySelector('[data-open-count]').textContent = String(this.list.querySelectorAll('.alert-row[data-state="open"]').length);
  }

  render(row, e) {
    const a = e.alert;
    // Events can arrive after a newer answer to our own action: never move a row back in time.
    if (Number(row.dataset.version || 0) > a.version) return;
    row.dataset.alertId = a.id;
    row.dataset.version = a.version;
    row.dataset.state = a.state;
    row.dataset.ticket = e.incident.ticket;
    row.className = `alert-row state-${a.state}${a.kind === 'overdue' || a.kind === 'escalated' ? ' urgent' : ''}${row === this.selected ? ' selected' : ''}${row.classList.contains('fresh') ? ' fresh' : ''}`;
    const set = (name, value) => { const node = row.querySelector(`[data-field="${name}"]`); if (node) node.textContent = value; };
    set('kind', this.text.alertKinds[a.kind] ?? a.kind);
    const tier = row.querySelector('[data-field="tier"]');
    tier.className = `tier-badge tier-${e.incident.tier}`;
    tier.replaceChildren(Object.assign(document.createElement('span'), { className: 'tier-shape', textContent: tierGlyphs[e.incident.tier] }), this.text.tiers[e.incident.tier]);
    tier.firstChild.setAttribute('aria-hidden', 'true');
    const ticket = row.querySelector('[data-field="ticket"]');
    ticket.textContent = e.incident.ticket;
    ticket.href = `/incidents/${e.incident.ticket}`;
    set('state', this.text.alertStates?.[a.state] ?? a.state);
    set('title', e.incident.title);
    setRelative(row.querySelector('[data-field="raised"]'), a.raisedAt);
    set('level', this.text.levels?.[a.level] ?? String(a.level));
    set('assignee', a.assignee ?? '—');
    set('escalations', String(a.escalations));
    set('acted', a.actedBy ? `${a.actedBy} · ${localTime(a.actedAt)} · ${this.text.alertActions[a.lastAction] ?? ''}` : '');
  }
}
