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
    markAway(state !== 'hide');
    if (state === 'hide') stop();
    else if (state === 'rejected') location.reload();
    // Blazor's own attempts ran out: ours go on.
    else if (state === 'failed' && timer === null) timer = setTimeout(retry, retryEvery);
  });
  notice.querySelector('#components-reconnect-button')?.addEventListener('click', retry);
}

// While the circuit is away the server cannot say so itself: a status line that says "live" ([data-live],
// the wall's head) says "reconnecting" here, and is given back as it was when the circuit returns — the
// renderer only patches what changed on its side, so the line must be exactly as it left it.
function markAway(away) {
  for (const status of document.querySelectorAll('[data-live][data-reconnecting-text]')) {
    const text = status.querySelector('[data-live-status]');
    if (away && status.dataset.awayFrom === undefined) {
      status.dataset.awayFrom = status.dataset.live;
      status.dataset.awayText = text?.textContent ?? '';
      status.dataset.live = 'reconnecting';
      if (text) text.textContent = status.dataset.reconnectingText;
    } else if (!away && status.dataset.awayFrom !== undefined) {
      status.dataset.live = status.dataset.awayFrom;
      if (text) text.textContent = status.dataset.awayText;
      delete status.dataset.awayFrom;
      delete status.dataset.awayText;
    }
  }
}
