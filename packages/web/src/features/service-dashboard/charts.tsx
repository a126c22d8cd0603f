import { useEffect, useRef } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { DepartmentFigures, ServiceKpis } from '@yiwang/domain';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/** An ECharts canvas that follows its box's size (laptop or wall screen). */
function useChart(option: echarts.EChartsCoreOption) {
  const ref = useRef<HTMLDivElement>(null);
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
  return ref;
}

/** Sub-cases submitted and decided per day over the last 30 days. */
export function TrendChart({
  daily,
  labels,
}: {
  daily: ServiceKpis['daily'];
  labels: { submitted: string; decided: string };
}) {
  const ref = useChart({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: daily.map((d) => d.date.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: labels.submitted,
        type: 'line',
        smooth: true,
        areaStyle: { opacity: 0.12 },
        data: daily.map((d) => d.submitted),
        itemStyle: { color: '#1677ff' },
      },
      {
        name: labels.decided,
        type: 'line',
        smooth: true,
        data: daily.map((d) => d.decided),
        itemStyle: { color: '#52c41a' },
      },
    ],
  });
  return <div ref={ref} className="yw-kpi-chart" data-testid="kpi-trend-chart" />;
}

/** 按期办结率 by department as horizontal bars (departments with decided cases), worst at the top. */
export function OnTimeChart({ rows, label }: { rows: readonly DepartmentFigures[]; label: string }) {
  const shown = rows
    .filter((r) => r.onTimeRate !== null)
    .sort((a, b) => b.onTimeRate! - a.onTimeRate!)
    .slice(0, 15);
  const ref = useChart({
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${String(v)}%` },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      data: shown.map((r) => r.name),
      axisLabel: { width: 120, overflow: 'truncate' },
    },
    series: [
      {
        name: label,
        type: 'bar',
        data: shown.map((r) => ({
          value: Number((r.onTimeRate! * 100).toFixed(1)),
          itemStyle: {
            color: r.onTimeRate! >= 0.95 ? '#52c41a' : r.onTimeRate! >= 0.8 ? '#faad14' : '#ff4d4f',
          },
        })),
        label: { show: true, position: 'right', formatter: '{c}%' },
        barMaxWidth: 22,
      },
    ],
  });
  return <div ref={ref} className="yw-kpi-chart" data-testid="kpi-ontime-chart" />;
}
