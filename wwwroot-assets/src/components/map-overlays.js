// An overlay's MapLibre layers by its type: circles (points such as blind zones), a dashed line
// (patrol routes), or a fill with its outline (split parts, hotspots).
export function overlayLayers(overlay, source, filter, color) {
  const id = `overlay-${overlay.id}`;
  if (overlay.type === 'circle') {
    return [{ id, type: 'circle', source, filter, paint: {
      'circle-radius': 6, 'circle-stroke-width': 2, 'circle-stroke-color': '#ffffff',
      'circle-color': ['case', ['==', ['get', 'outside'], true], '#d7263d', color] } }];
  }
  const line = { id: `${id}-line`, type: 'line', source, filter, paint: { 'line-color': color, 'line-width': overlay.type === 'line' ? 2.5 : 1.5,
    ...(overlay.type === 'line' ? { 'line-dasharray': [2, 1.5] } : {}) } };
  if (overlay.type === 'line') return [line];
  return [{ id, type: 'fill', source, filter, paint: { 'fill-color': color, 'fill-opacity': 0.55 } }, line];
}
