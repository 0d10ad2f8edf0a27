// <device-sign-in>: a wall screen is provisioned by opening /device#token=…. The fragment never
// reaches a server or a proxy log; this island moves it into the form, wipes it from the address
// bar and history, and posts the form (with its antiforgery token) once.
export default class DeviceSignIn extends HTMLElement {
  connectedCallback() {
    const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
    if (!token) return;
    history.replaceState(null, '', window.location.pathname);
    const form = this.querySelector('form');
    form.querySelector('[name=token]').value = token;
    form.submit();
  }
}
