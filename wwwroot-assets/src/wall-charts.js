// The wall's charts (ECharts, canvas): 24-hour trend, category mix, tier mix, street ranking.
// Each kpis message updates the series in place — no chart is rebuilt.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { tierColours, tierGlyphs } from './tier-shapes.js';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, CanvasRenderer]);

const tiers = ['green', 'blue', 'yellow', 'red'];
const ink = '#d6e4f0';

export class WallCharts {
  constructor(root, text, timeZone) {
    this.text = text;
    this.hourFormat = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' });
    // Type scale follows the wall's root font size (1 rem = 1/120 of the screen width).
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const font = { color: ink, fontSize: Math.round(rem * 0.8) };
    this.charts = {};
    const make = (name, option) => {
      const node = root.querySelector(`[data-chart="${name}"]`);
      if (!node) return;
      this.charts[name] = echarts.init(node, null, { renderer: 'canvas' });
      this.charts[name].setOption({ animationDuration: 400, textStyle: font, ...option });
    };
    make('trend', {
      grid: { left: 36, right: 12, top: 12, bottom: 28 },
      xAxis: { type: 'category', data: this.hours(), axisLabel: { ...font, interval: 5 }, axisLine: { lineStyle: { color: '#466580' } } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: font, splitLine: { lineStyle: { color: '#1e3a52' } } },
      series: [{ type: 'line', smooth: true, symbol: 'none', areaStyle: { opacity: 0.25 }, lineStyle: { width: 3 }, color: '#4fb3ff', data: [] }],
    });
    make('categories', {
      grid: { left: 8, right: 36, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', show: false },
      yAxis: { type: 'category', inverse: true, data: [], axisLabel: font, axisLine: { show: false }, axisTick: { show: false } },
      series: [{ type: 'bar', color: '#4fb3ff', barMaxWidth: 18, label: { show: true, position: 'right', ...font }, data: [] }],
    });
    make('tiers', {
      legend: { bottom: 0, textStyle: font, itemWidth: 12, itemHeight: 12 },
      series: [{ type: 'pie', radius: ['45%', '72%'], center: ['50%', '45%'], label: { show: true, formatter: (p) => (p.value > 0 ? String(p.value) : ''), ...font }, minShowLabelAngle: 1,
        data: tiers.map((t) => ({ name: `${tierGlyphs[t]} ${text.tiers[t]}`, value: 0, itemStyle: { color: tierColours[t] } })) }],
    });
    make('ranking', {
      legend: { top: 0, textStyle: font, data: [text.overdue, text.open] },
      grid: { left: 8, right: 36, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: 'value', show: false },
      yAxis: { type: 'category', inverse: true, data: [], axisLabel: font, axisLine: { show: false }, axisTick: { show: false } },
      series: [
        // One bar per area: its overdue incidents (red) and the rest of its open ones (amber), stacked.
        { name: text.overdue, type: 'bar', stack: 'open', color: '#e5322d', barMaxWidth: 18, label: { show: true, position: 'insideLeft', formatter: (p) => (p.value > 0 ? String(p.value) : ''), ...font }, data: [] },
        { name: text.open, type: 'bar', stack: 'open', color: '#d9a21b', barMaxWidth: 18, label: { show: true, position: 'right', formatter: (p) => String(p.data.total), ...font }, data: [] },
      ],
    });
  }

  update(k) {
    this.charts.trend?.setOption({ xAxis: { data: this.hours() }, series: [{ data: k.trend }] });
    const zh = (this.text.lang || 'zh-CN').startsWith('zh');
    this.charts.categories?.setOption({
      yAxis: { data: k.categories.map((c) => (zh ? c.name : c.nameEn)) },
      series: [{ data: k.categories.map((c) => c.open) }],
    });
    this.charts.tiers?.setOption({ series: [{ data: tiers.map((t, i) => ({ name: `${tierGlyphs[t]} ${this.text.tiers[t]}`, value: k.tiers[i], itemStyle: { color: tierColours[t] } })) }] });
    this.charts.ranking?.setOption({
      yAxis: { data: k.ranking.map((r) => r.name) },
      series: [{ data: k.ranking.map((r) => r.overdue) }, { data: k.ranking.map((r) => ({ value: r.open - r.overdue, total: r.open })) }],
    });
  }

  resize() { for (const chart of Object.values(this.charts)) chart.resize(); }

  // Labels for the last 24 hours, oldest first, in the district's hours (the screen's own zone may differ).
  hours() {
    const now = Date.now();
    return Array.from({ length: 24 }, (_, i) => `${this.hourFormat.format(new Date(now - (23 - i) * 3600000))}:00`);
  }
}


