// Numbers on clusters as HTML (there is no glyph server for map text offline), kept only for
// clusters in view and redrawn at most once a frame.
export class ClusterCounts {
  constructor(map, maplibregl) {
    this.map = map;
    this.maplibregl = maplibregl;
    this.markers = new Map();
    this.onRender = () => this.schedule();
    map.on('render', this.onRender);
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.place();
    });
  }

  place() {
    const seen = new Set();
    for (const f of this.map.querySourceFeatures('pins', { filter: ['has', 'point_count'] })) {
      const id = f.properties.cluster_id;
      if (seen.has(id)) continue;
      seen.add(id);
      let marker = this.markers.get(id);
      if (!marker) {
        const element = document.createElement('div');
        element.className = 'cluster-count';
        element.setAttribute('aria-hidden', 'true');
        marker = new this.maplibregl.Marker({ element }).setLngLat(f.geometry.coordinates).addTo(this.map);
        this.markers.set(id, marker);
      }
      marker.setLngLat(f.geometry.coordinates);
      marker.getElement().textContent = f.properties.point_count_abbreviated;
    }
    for (const [id, marker] of this.markers) {
      if (!seen.has(id)) { marker.remove(); this.markers.delete(id); }
    }
  }

  dispose() {
    cancelAnimationFrame(this.frame);
    this.map.off('render', this.onRender);
    for (const marker of this.markers.values()) marker.remove();
    this.markers.clear();
  }
}
