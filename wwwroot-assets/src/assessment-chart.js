// <assessment-chart>: the level's units by score (bars coloured by grade, the grade written beside
// each — colour is never the only signal), from the JSON the server rendered into data-units.
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, CanvasRenderer]);

const gradeColours = { A: '#2e8540', B: '#2563c9', C: '#c79100', D: '#d06a00', E: '#c62828' };

export default class AssessmentChart extends HTMLElement {
  connectedCallback() {
    const units = JSON.parse(this.dataset.units || '[]');
    const canvas = document.createElement('div');
    canvas.className = 'assessment-chart-canvas';
    canvas.style.height = `${Math.max(90, units.length * 26 + 40)}px`;
    this.append(canvas);
    const chart = echarts.init(canvas, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100, splitLine: { show: false }, axisLabel: { show: false } },
      yAxis: { type: 'category', inverse: true, data: units.map((u) => u.name), axisTick: { show: false } },
      series: [{
        type: 'bar', barMaxWidth: 16,
        data: units.map((u) => ({ value: u.score, itemStyle: { color: gradeColours[u.grade] ?? '#8a99a8' } })),
        label: { show: true, position: 'right', formatter: (p) => `${units[p.dataIndex].grade} ${p.value.toFixed(1)}` },
      }],
    });
    window.addEventListener('resize', () => chart.resize());
    this.dataset.ready = 'true';
  }
}
