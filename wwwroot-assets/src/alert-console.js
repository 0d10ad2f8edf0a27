// The alert console's few browser-side needs: the chime for a new red alert (two short tones made
// here, nothing fetched; switchable, the choice kept in this browser) and putting the keyboard focus
// on the chosen card, which the list may not have rendered yet (it renders only the cards in view).
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

// Focuses the card of alert `id` (the `index`th of the list) and answers true; when it is not rendered,
// scrolls to where it will be (cards are about `itemSize` px) and answers false: ask again after the render.
export function focusCard(id, index, itemSize) {
  const card = document.getElementById(`alert-${id}`);
  if (card) {
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: 'nearest' });
    return true;
  }
  const list = document.querySelector('.alert-list');
  if (list) window.scrollTo({ top: list.getBoundingClientRect().top + window.scrollY + index * itemSize - window.innerHeight / 3 });
  return false;
}
