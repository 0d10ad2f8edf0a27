// Pins for a map that may redraw them only so often (the wall in a storm). A change of pins is the dearest
// thing a live map draws — the clustered source is rebuilt in the worker and its tiles reloaded, several
// whole WebGL frames, each a tenth of a second or more on a wall without a GPU. Changes pass at once while
// they come at most one per gap on average (a bucket of two: a lone incident, or a steady one a second, is
// never held back); faster than that they wait together and reach the map as one, the latest state of each
// pin winning.
const burst = 2;

export class HeldPins {
  constructor(gapMs, apply) {
    this.gapMs = gapMs;
    this.apply = apply;
    this.tokens = burst;
    this.stamp = performance.now();
    this.timer = null;
    this.upserts = new Map();
    this.removes = new Set();
  }

  put(upserts, removes) {
    for (const pin of upserts) { this.upserts.set(pin.id, pin); this.removes.delete(pin.id); }
    for (const id of removes) { this.upserts.delete(id); this.removes.add(id); }
    if (this.gapMs <= 0) { this.flush(); return; }
    if (this.timer !== null) return;
    const now = performance.now();
    this.tokens = Math.min(burst, this.tokens + (now - this.stamp) / this.gapMs);
    this.stamp = now;
    if (this.tokens >= 1) { this.tokens -= 1; this.flush(); return; }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tokens = 0;
      this.stamp = performance.now();
      this.flush();
    }, (1 - this.tokens) * this.gapMs);
  }

  flush() {
    const upserts = [...this.upserts.values()];
    const removes = [...this.removes];
    this.upserts.clear();
    this.removes.clear();
    if (upserts.length > 0 || removes.length > 0) this.apply(upserts, removes);
  }

  dispose() {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
