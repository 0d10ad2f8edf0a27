// Each tier has a shape as well as a colour (colour is never the only signal):
// green ● circle, blue ■ square, yellow ▲ triangle, red ◆ diamond — the same as the tier badges.
export const tierColours = { green: '#2e8540', blue: '#2563c9', yellow: '#e0a800', red: '#e5322d' };
export const tierGlyphs = { green: '●', blue: '■', yellow: '▲', red: '◆' };

/** A pin image for MapLibre's addImage: the tier's shape, filled, with a white outline. */
export function tierImage(tier, size) {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const g = canvas.getContext('2d');
  const c = size / 2;
  const r = size * 0.4;
  g.beginPath();
  if (tier === 'green') {
    g.arc(c, c, r * 0.9, 0, Math.PI * 2);
  } else if (tier === 'blue') {
    g.rect(c - r * 0.8, c - r * 0.8, r * 1.6, r * 1.6);
  } else if (tier === 'yellow') {
    g.moveTo(c, c - r); g.lineTo(c + r, c + r * 0.8); g.lineTo(c - r, c + r * 0.8); g.closePath();
  } else {
    g.moveTo(c, c - r); g.lineTo(c + r, c); g.lineTo(c, c + r); g.lineTo(c - r, c); g.closePath();
  }
  g.fillStyle = tierColours[tier];
  g.fill();
  g.lineWidth = Math.max(1.5, size / 14);
  g.strokeStyle = '#ffffff';
  g.stroke();
  return g.getImageData(0, 0, size, size);
}
