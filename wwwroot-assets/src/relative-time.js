// Relative times ("3 小时前", "in 20 minutes") in the page's language, refreshed every half minute.
// The server renders the first text with the same words (RelativeText.cs); live scripts that add
// rows call relativeText() for theirs and mark the element data-relative so it stays fresh too.
const formats = new Map();

function format(lang) {
  if (!formats.has(lang)) formats.set(lang, new Intl.RelativeTimeFormat(lang, { numeric: 'always', style: 'long' }));
  return formats.get(lang);
}

export function relativeText(iso, lang = document.documentElement.lang || 'zh-CN', now = Date.now()) {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const magnitude = Math.abs(seconds);
  if (magnitude < 60) return document.documentElement.dataset.justNow || format(lang).format(0, 'minute');
  const sign = seconds > 0 ? 1 : -1;
  const [count, unit] = magnitude < 3600 ? [Math.floor(magnitude / 60), 'minute']
    : magnitude < 48 * 3600 ? [Math.floor(magnitude / 3600), 'hour']
      : [Math.floor(magnitude / 86400), 'day'];
  return format(lang).format(sign * count, unit);
}

export function refreshRelativeTimes(root = document) {
  for (const node of root.querySelectorAll('time[data-relative][datetime]')) {
    const text = relativeText(node.getAttribute('datetime'));
    if (node.textContent !== text) node.textContent = text;
  }
}

if (document.querySelector('time[data-relative]')) {
  refreshRelativeTimes();
  setInterval(refreshRelativeTimes, 30_000);
}

// The district's clock, as LocalTime.Format writes it on the server ("2026-11-30 10:30").
const districtTime = new Intl.DateTimeFormat('sv-SE', { timeZone: document.documentElement.dataset.timeZone || 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' });

export function localTime(iso) {
  return iso ? districtTime.format(new Date(iso)) : '—';
}

/** Fills a <time> with a moment as a relative text, its exact local time on hover, kept fresh. */
export function setRelative(node, iso) {
  if (!node) return;
  node.setAttribute('datetime', iso);
  node.title = localTime(iso);
  node.dataset.relative = '';
  node.textContent = relativeText(iso);
}
