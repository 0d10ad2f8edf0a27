// The alert console's chime for a new red alert: two short tones made in the browser (no audio file,
// nothing fetched). Switchable; the choice stays in this browser.
const key = 'gridops.alertSound';
let context;

export function enabled() { return localStorage.getItem(key) !== 'off'; }

export function remember(on) { localStorage.setItem(key, on ? 'on' : 'off'); }

export async function ring() {
  context ??= new AudioContext();
  // Browsers start audio only after the page has been used once; until then the title carries the news.
  if (context.state === 'suspended') await context.resume();
  const start = context.currentTime;
  for (const [offset, frequency] of [[0, 880], [0.22, 660]]) {
    const tone = context.createOscillator();
    const gain = context.createGain();
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.18);
    tone.connect(gain).connect(context.destination);
    tone.start(start + offset);
    tone.stop(start + offset + 0.2);
  }
}
