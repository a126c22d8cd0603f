import { useEffect, useRef } from 'react';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { DepartmentFigures } from './types';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** 好评率 by department as horizontal bars (best at the top); resizes with the page. */
export function RankingChart({ rows, label }: { rows: readonly DepartmentFigures[]; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    const top = [...rows].slice(0, 15).reverse();
    chart.setOption({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
      grid: { left: 8, right: 36, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: {
        type: 'category',
        data: top.map((r) => r.name),
        axisLabel: { width: 110, overflow: 'truncate' },
      },
      series: [
        {
          name: label,
          type: 'bar',
          data: top.map((r) => Number(((r.goodRate ?? 0) * 100).toFixed(1))),
          label: { show: true, position: 'right', formatter: '{c}%' },
          itemStyle: { color: '#1677ff' },
        },
      ],
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [rows, label]);
  const height = Math.max(140, Math.min(rows.length, 15) * 36 + 48);
  return <div ref={ref} className="yw-stats-chart" style={{ height }} data-testid="ratings-chart" />;
}
