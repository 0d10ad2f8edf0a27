// The live connection every live page shares: one SignalR connection to /hubs/live, scoped by the
// server to the viewer. Events are applied once each, in stream order; after any reconnect
// (a network blip, a server restart) the page asks the server for what it missed since the last
// event it applied, so nothing is lost and nothing polls.
import { HubConnectionBuilder, HttpTransportType, LogLevel } from '@microsoft/signalr';

const seenLimit = 5000;

export class LiveFeed {
  constructor({ seq = 0, onEvents, onKpis, onCounts, onStatus, onReload }) {
    this.seq = Number(seq) || 0;
    this.seen = new Set();
    this.seenOrder = [];
    this.handlers = { onEvents, onKpis, onCounts, onStatus, onReload };
    this.connection = new HubConnectionBuilder()
      // WebSockets straight away: no negotiate round trip, no sticky sessions needed behind a balancer.
      .withUrl('/hubs/live', { skipNegotiation: true, transport: HttpTransportType.WebSockets })
      // Never give up: an unattended wall screen must come back after hours of outage.
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (c) => Math.min(500 * 2 ** c.previousRetryCount, 10000) })
      .configureLogging(LogLevel.None)
      .build();
    this.connection.serverTimeoutInMilliseconds = 40000;
    this.connection.keepAliveIntervalInMilliseconds = 15000;
    this.connection.on('events', (batch) => this.apply(batch));
    this.connection.on('kpis', (kpis) => this.handlers.onKpis?.(kpis));
    this.connection.on('counts', (counts) => this.handlers.onCounts?.(counts));
    this.connection.onreconnecting(() => this.status('reconnecting'));
    this.connection.onreconnected(() => this.caughtUp());
    this.connection.onclose(() => { this.status('offline'); this.startLoop(); });
  }

  start() { return this.startLoop(); }

  async startLoop() {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.connection.start();
        await this.caughtUp();
        return;
      } catch {
        this.status('offline');
        await new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** attempt, 10000)));
      }
    }
  }

  async caughtUp() {
    const result = await this.connection.invoke('CatchUp', this.seq);
    if (result.reload) {
      await this.handlers.onReload?.();
    } else {
      this.apply(result.events);
    }
    this.status('live');
  }

  /** Sets the position a fresh snapshot corresponds to (after a reload). */
  reset(seq) { this.seq = Number(seq) || 0; }

  apply(batch) {
    const fresh = [];
    for (const e of batch) {
      if (this.seen.has(e.seq)) continue;
      this.seen.add(e.seq);
      this.seenOrder.push(e.seq);
      if (this.seenOrder.length > seenLimit) this.seen.delete(this.seenOrder.shift());
      this.seq = e.seq;
      fresh.push(e);
    }
    if (fresh.length) this.handlers.onEvents?.(fresh);
  }

  invoke(method, ...args) { return this.connection.invoke(method, ...args); }

  status(state) {
    this.state = state;
    this.handlers.onStatus?.(state);
    document.documentElement.dataset.live = state;
  }
}

/** Text for the UI from the page's JSON island (both languages rendered by the server). */
export function readText(id) {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : {};
}
