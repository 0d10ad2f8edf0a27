// Area labels as HTML over the map: the map has no glyph server offline, and the browser's own
// CJK fonts read better than SDF glyphs. Labels are placed greedily, largest areas first, and
// dropped where they would collide or not fit inside their area.
export class MapLabels {
  constructor(map, container) {
    this.map = map;
    this.layer = document.createElement('div');
    this.layer.className = 'map-labels';
    this.layer.setAttribute('aria-hidden', 'true');
    container.appendChild(this.layer);
    this.labels = [];
    map.on('move', () => this.place());
  }

  set(labels) {
    this.labels = labels;
    this.place();
  }

  place() {
    const taken = [];
    const fragment = document.createDocumentFragment();
    const { width, height } = this.map.getCanvas().getBoundingClientRect();
    for (const label of this.labels) {
      const p = this.map.project([label.lon, label.lat]);
      const textWidth = label.name.length * 13 + 10;
      const areaWidth = this.pixelWidth(label);
      if (p.x < 0 || p.y < 0 || p.x > width || p.y > height || areaWidth < textWidth * 0.8) continue;
      const box = { x0: p.x - textWidth / 2, x1: p.x + textWidth / 2, y0: p.y - 10, y1: p.y + 10 };
      if (taken.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) continue;
      taken.push(box);
      const element = document.createElement('span');
      element.className = 'map-label';
      element.textContent = label.name;
      element.style.transform = `translate(${Math.round(p.x)}px, ${Math.round(p.y)}px) translate(-50%, -50%)`;
      fragment.appendChild(element);
    }
    this.layer.replaceChildren(fragment);
  }

  pixelWidth(label) {
    const left = this.map.project([label.lon - label.width / 2, label.lat]);
    const right = this.map.project([label.lon + label.width / 2, label.lat]);
    return Math.abs(right.x - left.x);
  }
}
