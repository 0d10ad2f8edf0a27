// Registers the script islands. Each island is a custom element that upgrades server-rendered
// HTML; its heavy code is loaded only on pages that contain it.
const islands = {
  'grid-map': () => import('./grid-map.js'),
};

for (const [tag, load] of Object.entries(islands)) {
  if (document.querySelector(tag)) {
    load().then((module) => customElements.define(tag, module.default));
  }
}
