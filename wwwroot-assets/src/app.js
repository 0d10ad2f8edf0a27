// Registers the script islands. Each island is a custom element that upgrades server-rendered
// HTML; its code is loaded only on pages that contain it, and an island inside a closed
// <details> (the pick-on-map fallback) only when that is opened — phones on slow links never
// download the map unless they need it.
import "./relative-time.js";

const islands = {
  'grid-map': () => import('./grid-map.js'),
  'point-map': () => import('./point-map.js'),
  'locate-me': () => import('./locate-me.js'),
  'device-sign-in': () => import('./device-sign-in.js'),
  'live-wall': () => import('./live-wall.js'),
  'assessment-chart': () => import('./assessment-chart.js'),
};

function register(tag, load) {
  if (!customElements.get(tag)) load().then((module) => { if (!customElements.get(tag)) customElements.define(tag, module.default); });
}

for (const [tag, load] of Object.entries(islands)) {
  const elements = [...document.querySelectorAll(tag)];
  if (elements.length === 0) continue;
  const hidden = elements.filter((e) => e.closest('details:not([open])'));
  if (hidden.length < elements.length) {
    register(tag, load);
  } else {
    for (const details of new Set(hidden.map((e) => e.closest('details')))) {
      details.addEventListener('toggle', () => details.open && register(tag, load), { once: false });
    }
  }
}
