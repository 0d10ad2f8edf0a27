// Each chart kind as a frame (set once) and its data (set on every change).
import { tierColours } from '../tier-shapes.js';

const gradeColours = { A: '#2e8540', B: '#2563c9', C: '#c79100', D: '#d06a00', E: '#c62828' };
const font = (s) => ({ color: s.ink, fontSize: s.font });
const categoryAxis = (s) => ({ type: 'category', inverse: true, data: [], axisLabel: font(s), axisLine: { show: false }, axisTick: { show: false } });
const shown = (p) => (p.value > 0 ? String(p.value) : '');

export const chartKinds = {
  // The last 24 hours' reports, oldest first, labelled in the district's hours.
  trend: {
    frame: (s) => ({
      grid: { left: 36, right: 12, top: 12, bottom: 28 },
      xAxis: { type: 'category', data: [], axisLabel: { ...font(s), interval: 5 }, axisLine: { lineStyle: { color: s.line } } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: font(s), splitLine: { lineStyle: { color: s.split } } },
      series: [{ type: 'line', smooth: true, symbol: 'none', areaStyle: { opacity: 0.25 }, lineStyle: { width: 3 }, color: '#4fb3ff', data: [] }],
    }),
    data: (d) => ({ xAxis: { data: d.labels }, series: [{ data: d.values }] }),
  },
  // Open incidents by category, largest first.
  categories: {
    frame: (s) => ({
      grid: { left: 8, right: 36, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', show: false },
      yAxis: categoryAxis(s),
      series: [{ type: 'bar', color: '#4fb3ff', barMaxWidth: 18, label: { show: true, position: 'right', ...font(s) }, data: [] }],
    }),
    data: (d) => ({ yAxis: { data: d.labels }, series: [{ data: d.values }] }),
  },
  // Open incidents by tier; each slice's name carries the tier's shape, so colour never stands alone.
  tiers: {
    frame: (s) => ({
      legend: { bottom: 0, textStyle: font(s), itemWidth: 12, itemHeight: 12 },
      series: [{ type: 'pie', radius: ['45%', '72%'], center: ['50%', '45%'], minShowLabelAngle: 1, label: { show: true, formatter: shown, ...font(s) }, data: [] }],
    }),
    data: (d) => ({ series: [{ data: d.labels.map((name, i) => ({ name, value: d.values[i], itemStyle: { color: tierColours[d.keys[i]] } })) }] }),
  },
  // One bar per area: its overdue incidents (red) and the rest of its open ones (amber), stacked. Series are
  // matched by id when data arrives (by name they would be new series beside the frame's).
  ranking: {
    frame: (s) => ({
      legend: { top: 0, textStyle: font(s) },
      grid: { left: 8, right: 36, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: 'value', show: false },
      yAxis: categoryAxis(s),
      series: [
        { id: 'overdue', type: 'bar', stack: 'open', color: '#e5322d', barMaxWidth: 18, label: { show: true, position: 'insideLeft', formatter: shown, ...font(s) }, data: [] },
        { id: 'open', type: 'bar', stack: 'open', color: '#d9a21b', barMaxWidth: 18, label: { show: true, position: 'right', formatter: (p) => String(p.data.total), ...font(s) }, data: [] },
      ],
    }),
    data: (d) => ({
      legend: { data: d.series },
      yAxis: { data: d.labels },
      series: [
        { id: 'overdue', name: d.series[0], data: d.overdue },
        { id: 'open', name: d.series[1], data: d.values.map((open, i) => ({ value: open - d.overdue[i], total: open })) },
      ],
    }),
  },
  // Units by score, coloured by grade with the grade written beside each bar.
  grades: {
    frame: () => ({
      animation: false,
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100, splitLine: { show: false }, axisLabel: { show: false } },
      yAxis: { type: 'category', inverse: true, data: [], axisTick: { show: false } },
      series: [{ type: 'bar', barMaxWidth: 16, data: [], label: { show: true, position: 'right' } }],
    }),
    data: (d) => ({
      yAxis: { data: d.labels },
      series: [{
        data: d.values.map((value, i) => ({ value, itemStyle: { color: gradeColours[d.keys[i]] ?? '#8a99a8' } })),
        label: { formatter: (p) => `${d.keys[p.dataIndex]} ${p.value.toFixed(1)}` },
      }],
    }),
  },
};
