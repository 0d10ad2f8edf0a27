// A circuit lost (network, server restart) is retried every few seconds for as long as it takes;
// a server that answers but no longer knows the circuit means a restart: reload the page, which
// starts a new circuit with the current picture.
const retryEvery = 5000;

export function keepCircuit(notice) {
  if (!notice) return;
  let timer = null;

  const stop = () => { clearTimeout(timer); timer = null; };
  const retry = async () => {
    stop();
    try {
      const reconnected = await window.Blazor.reconnect();
      if (!reconnected) location.reload();
    } catch {
      // Not reachable yet: the server is still down.
      timer = setTimeout(retry, retryEvery);
    }
  };

  notice.addEventListener('components-reconnect-state-changed', (event) => {
    const state = event.detail.state;
    notice.dataset.state = state;
    if (state === 'hide') stop();
    else if (state === 'rejected') location.reload();
    // Blazor's own attempts ran out: ours go on.
    else if (state === 'failed' && timer === null) timer = setTimeout(retry, retryEvery);
  });
  notice.querySelector('#components-reconnect-button')?.addEventListener('click', retry);
}
