// Registers the script islands of a static page. An island's code is loaded only on pages that
// contain it, and an island inside a closed <details> (the pick-on-map fallback) only when that is
// opened — phones on slow links never download the map unless they need it.
import "./relative-time.js";
import { register, tags } from './islands.js';

for (const tag of tags) {
  const elements = [...document.querySelectorAll(tag)];
  if (elements.length === 0) continue;
  const hidden = elements.filter((e) => e.closest('details:not([open])'));
  if (hidden.length < elements.length) {
    register(tag);
  } else {
    for (const details of new Set(hidden.map((e) => e.closest('details')))) {
      details.addEventListener('toggle', () => details.open && register(tag), { once: false });
    }
  }
}
