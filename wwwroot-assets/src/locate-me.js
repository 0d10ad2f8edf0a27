// <locate-me>: asks the browser for the phone's position and writes it into the form's lon/lat
// fields (browsers give WGS-84). If the position cannot be had, it says so and opens the
// pick-on-map fallback. Messages come from data attributes the server rendered in the page's language.
export default class LocateMe extends HTMLElement {
  connectedCallback() {
    this.button = this.querySelector('button');
    this.status = this.querySelector('[data-role=status]');
    this.button?.addEventListener('click', () => this.locate());
    if (this.dataset.auto !== undefined) this.locate();
  }

  locate() {
    const form = this.closest('form');
    if (!('geolocation' in navigator)) {
      this.fail();
      return;
    }
    this.say(this.dataset.locatingText);
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        form.querySelector('[data-coordinate=lon]').value = coords.longitude.toFixed(7);
        form.querySelector('[data-coordinate=lat]').value = coords.latitude.toFixed(7);
        form.querySelector('[data-coordinate=crs]').value = 'wgs84';
        const accuracy = Math.round(coords.accuracy);
        const accuracyField = form.querySelector('[data-coordinate=accuracy]');
        if (accuracyField) accuracyField.value = String(accuracy);
        this.say(`${this.dataset.foundText} ${coords.longitude.toFixed(5)}, ${coords.latitude.toFixed(5)} (±${accuracy} m)`);
        form.querySelector('point-map')?.dispatchEvent(new CustomEvent('position-found', { detail: { lon: coords.longitude, lat: coords.latitude } }));
      },
      () => this.fail(),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  }

  fail() {
    this.say(this.dataset.failedText);
    const details = this.closest('form')?.querySelector('details.pick-on-map');
    if (details) details.open = true;
  }

  say(text) {
    if (this.status) this.status.textContent = text ?? '';
  }
}
