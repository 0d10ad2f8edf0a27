// Updates server-rendered KPI tiles (elements with data-kpi) from a kpis message.
export function applyKpis(root, k) {
  const set = (name, value) => {
    const node = root.querySelector(`[data-kpi="${name}"]`);
    if (node && node.textContent !== String(value)) {
      node.textContent = String(value);
      node.classList.remove('changed');
      void node.offsetWidth;
      node.classList.add('changed');
    }
  };
  const rate = (n, d) => (d === 0 ? '—' : `${(100 * n / d).toFixed(1)} %`);
  set('todayReported', k.todayReported);
  set('todayClosed', k.todayClosed);
  set('disposalRate', rate(k.monthClosed, k.monthDue));
  set('disposalRatio', `${k.monthClosed} / ${k.monthDue}`);
  set('onTimeRate', rate(k.todayClosedOnTime, k.todayClosed));
  set('onTimeRatio', `${k.todayClosedOnTime} / ${k.todayClosed}`);
  set('overdueNow', k.overdueNow);
  set('warningNow', k.warningNow);
  set('openNow', k.openNow);
}
