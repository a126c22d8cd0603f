import { useEffect, useMemo, useRef } from 'react';
import { LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { SHANGHAI_SHIFT_MS, chartData, formatValue } from './sensor-view';
import type { Series } from './types';

echarts.use([
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

type Labels = { value: string; avg: string; min: string; max: string; flagged: string };

/**
 * A sensor's readings over time: the raw line (impossible values as red dots beside it, never on
 * it) or the hourly average with its min–max band. Follows its box's size.
 */
export function SeriesChart({ series, labels }: { series: Series; labels: Labels }) {
  const ref = useRef<HTMLDivElement>(null);
  const option = useMemo<echarts.EChartsCoreOption>(() => {
    const d = chartData(series, SHANGHAI_SHIFT_MS);
    const unit = series.unit ? ` ${series.unit}` : '';
    const base = {
      useUTC: true,
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) =>
          v === null || v === undefined
            ? '—'
            : `${typeof v === 'number' ? formatValue(v) : String(v)}${unit}`,
      },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 40, containLabel: true },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', scale: true, name: series.unit || undefined },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
    };
    if (d.bucket === 'raw')
      return {
        ...base,
        series: [
          {
            name: labels.value,
            type: 'line',
            showSymbol: false,
            data: d.value,
            itemStyle: { color: '#1677ff' },
          },
          {
            name: labels.flagged,
            type: 'scatter',
            data: d.flagged,
            symbolSize: 7,
            itemStyle: { color: '#ff4d4f' },
          },
        ],
      };
    return {
      ...base,
      series: [
        { name: labels.avg, type: 'line', showSymbol: false, data: d.value, itemStyle: { color: '#1677ff' } },
        {
          name: labels.max,
          type: 'line',
          showSymbol: false,
          data: d.max,
          lineStyle: { type: 'dashed', width: 1 },
          itemStyle: { color: '#fa8c16' },
        },
        {
          name: labels.min,
          type: 'line',
          showSymbol: false,
          data: d.min,
          lineStyle: { type: 'dashed', width: 1 },
          itemStyle: { color: '#52c41a' },
        },
      ],
    };
  }, [series, labels]);

  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    chart.setOption(option);
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} className="yw-sensor-chart" data-testid="sensor-series-chart" />;
}
