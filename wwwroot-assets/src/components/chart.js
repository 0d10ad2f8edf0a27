// The chart behind <Chart> (Components/Charts): ECharts on canvas. .NET sends the kind once and the
// data (already in the reader's language and the district's hours) whenever it changes; the series
// are updated in place — no chart is rebuilt.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { chartKinds } from './chart-kinds.js';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, CanvasRenderer]);

// Null for an element that left the page before the chart was made (the component releases it).
export function create(element, kind, theme, data) {
  return element?.isConnected ? new ChartView(element, kind, theme, data) : null;
}

class ChartView {
  constructor(element, kind, theme, data) {
    this.kind = chartKinds[kind];
    // Type follows the page's root font size (on the wall 1 rem = 1/120 of the screen width).
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const style = { ink: theme === 'dark' ? '#d6e4f0' : '#1b2430', line: theme === 'dark' ? '#466580' : '#9aa8b6',
      split: theme === 'dark' ? '#1e3a52' : '#e3e8ee', font: Math.round(rem * 0.8) };
    this.style = style;
    this.chart = echarts.init(element, null, { renderer: 'canvas' });
    // data-drawn: the last data is on the canvas, its animation over (what a screenshot waits for).
    this.chart.on('finished', () => { element.dataset.drawn = 'true'; });
    this.chart.setOption({ animationDuration: 400, textStyle: { color: style.ink, fontSize: style.font }, ...this.kind.frame(style) });
    this.set(data);
    this.resizer = new ResizeObserver(() => this.chart.resize());
    this.resizer.observe(element);
  }

  set(data) {
    delete this.chart.getDom().dataset.drawn;
    this.chart.setOption(this.kind.data(data, this.style));
    this.chart.getDom().dataset.ready = 'true';
  }

  dispose() {
    this.resizer.disconnect();
    this.chart.dispose();
  }
}
