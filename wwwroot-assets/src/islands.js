// The script islands by tag: each a custom element whose code loads only when a page has one.
// Static pages register theirs from app.js; interactive screens ask for one from .NET after the
// circuit has drawn it (Blazor renders the element, this defines it, and it upgrades in place).
const islands = {
  'point-map': () => import('./point-map.js'),
  'locate-me': () => import('./locate-me.js'),
  'device-sign-in': () => import('./device-sign-in.js'),
};

export const tags = Object.keys(islands);

export async function register(tag) {
  if (customElements.get(tag) || !islands[tag]) return;
  const module = await islands[tag]();
  if (!customElements.get(tag)) customElements.define(tag, module.default);
}
