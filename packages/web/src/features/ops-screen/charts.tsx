import { useEffect, useRef } from 'react';
import { BarChart, EffectScatterChart, LineChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { Lang } from '../../i18n/messages';
import { placeName, type Geo, type ScreenRates, type ScreenSummary, type ScreenTrends } from './types';

echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  EffectScatterChart,
  GeoComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

const TEXT = '#9fc3e7';
const AXIS = 'rgba(120, 170, 230, 0.25)';
const CYAN = '#1ee0ff';
const GREEN = '#3ef0a0';
const AMBER = '#ffc53d';
const RED = '#ff4d6a';

/** An ECharts canvas that follows its box; `onClick` gets the clicked item's data. */
function useChart(option: echarts.EChartsCoreOption, onClick?: (data: unknown) => void) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => click.current?.(p.data));
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return ref;
}

let registered = false;
function registerHongkou(geo: Geo) {
  if (registered) return;
  echarts.registerMap('hongkou', {
    type: 'FeatureCollection',
    features: [geo.outline],
  } as unknown as Parameters<typeof echarts.registerMap>[1]);
  registered = true;
}

type MapPoint = {
  name: string;
  value: [number, number, number];
  id: string;
  kind: string;
  place: ScreenSummary['places'][number];
};

/**
 * The district map: its outline, every committee as a dot sized by open orders (red when it
 * has overdue orders or alarms, amber when something is due today), streets as labels; a
 * street view zooms onto the street. Clicking a street or committee calls `onPlace`.
 */
export function DistrictMap({
  geo,
  summary,
  lang,
  onPlace,
}: {
  geo: Geo;
  summary: ScreenSummary;
  lang: Lang;
  onPlace: (place: ScreenSummary['places'][number]) => void;
}) {
  registerHongkou(geo);
  const street = summary.street;
  const committees = summary.places.filter((p) => p.kind === 'committee' && p.at);
  // a street's view: its committees' extent, with a margin
  const bounds = street && committees.length ? extent(committees.map((p) => p.at!)) : null;
  const streets = summary.places.filter((p) => p.kind === 'street' && p.at);
  const max = Math.max(1, ...committees.map((p) => p.open));
  const point = (p: ScreenSummary['places'][number]): MapPoint => ({
    name: p.kind === 'street' ? shortName(placeName(p, lang)) : placeName(p, lang),
    value: [p.at![0], p.at![1], p.open],
    id: p.id,
    kind: p.kind,
    place: p,
  });
  // red: a third or more of its open orders overdue, or an alarm; amber: some overdue or due today
  const colour = (p: ScreenSummary['places'][number]) =>
    p.alarms > 0 || (p.open > 0 && p.overdue / p.open >= 1 / 3)
      ? RED
      : p.overdue > 0 || p.dueToday > 0
        ? AMBER
        : CYAN;
  const size = (p: ScreenSummary['places'][number]) => 6 + Math.sqrt(p.open / max) * (street ? 30 : 20);
  const ref = useChart(
    {
      tooltip: {
        trigger: 'item',
        backgroundColor: 'rgba(6, 20, 40, 0.92)',
        borderColor: CYAN,
        textStyle: { color: '#e6f4ff' },
        // A formatter's string is HTML: the place's name is escaped (numbers are numbers).
        formatter: (params: { data?: MapPoint }) => {
          const p = params.data?.place;
          if (!p) return '';
          const l = lang === 'zh';
          return `<b>${echarts.format.encodeHTML(placeName(p, lang))}</b><br/>${l ? '在办' : 'Open'} ${p.open} · ${l ? '超期' : 'Overdue'} ${p.overdue}<br/>${l ? '今日到期' : 'Due today'} ${p.dueToday} · ${l ? '告警' : 'Alarms'} ${p.alarms}`;
        },
      },
      geo: {
        map: 'hongkou',
        roam: false,
        aspectScale: 0.86,
        ...(bounds ? { boundingCoords: bounds } : {}),
        layoutCenter: ['50%', '50%'],
        layoutSize: '95%',
        itemStyle: {
          areaColor: {
            type: 'radial',
            x: 0.5,
            y: 0.5,
            r: 0.8,
            colorStops: [
              { offset: 0, color: '#0c3a66' },
              { offset: 1, color: '#06203d' },
            ],
          },
          borderColor: '#36d1ff',
          borderWidth: 2,
          shadowColor: 'rgba(30, 200, 255, 0.6)',
          shadowBlur: 24,
        },
        emphasis: { disabled: true },
        label: { show: false },
        silent: true,
      },
      series: [
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          data: committees.map((p) => ({
            ...point(p),
            symbolSize: size(p),
            itemStyle: { color: colour(p), opacity: 0.85, shadowBlur: 10, shadowColor: colour(p) },
          })),
          label: street
            ? { show: true, formatter: '{b}', position: 'right', color: '#cfe8ff', fontSize: 11 }
            : { show: false },
          zlevel: 2,
        },
        {
          type: 'effectScatter',
          coordinateSystem: 'geo',
          data: committees
            .filter((p) => p.alarms > 0)
            .map((p) => ({ ...point(p), symbolSize: size(p) * 0.7, itemStyle: { color: RED } })),
          rippleEffect: { brushType: 'stroke', scale: 3.5, period: 3 },
          zlevel: 3,
        },
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          data: (street ? [] : streets).map((p) => ({ ...point(p), symbolSize: 1 })),
          label: {
            show: true,
            formatter: (q: { data: MapPoint }) => `{n|${q.data.name}}\n{v|${q.data.place.open}}`,
            rich: {
              n: {
                color: '#e6f4ff',
                fontSize: 13,
                fontWeight: 'bold',
                textShadowColor: '#000',
                textShadowBlur: 4,
              },
              v: { color: CYAN, fontSize: 12, align: 'center', textShadowColor: '#000', textShadowBlur: 4 },
            },
          },
          itemStyle: { color: 'transparent' },
          zlevel: 4,
        },
      ],
    },
    (data) => {
      const p = (data as MapPoint | undefined)?.place;
      if (p) onPlace(p);
    },
  );
  return <div ref={ref} className="ops-map" data-testid="ops-map" />;
}

/** A place's name without 街道 / 居委会 / Subdistrict, for tight labels. */
export const shortName = (name: string) => name.replace(/街道$|居委会$| Subdistrict$/, '');

/** [[west, north], [east, south]] around points, with a margin of 35 % (and at least 0.004°). */
function extent(points: [number, number][]): [[number, number], [number, number]] {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const mx = Math.max(0.004, (Math.max(...xs) - Math.min(...xs)) * 0.35);
  const my = Math.max(0.004, (Math.max(...ys) - Math.min(...ys)) * 0.35);
  return [
    [Math.min(...xs) - mx, Math.max(...ys) + my],
    [Math.max(...xs) + mx, Math.min(...ys) - my],
  ];
}

/** 结案率, 按期结案率 and 满意率 per street (or committee) as grouped horizontal bars. */
export function RatesChart({
  rates,
  lang,
  labels,
}: {
  rates: ScreenRates;
  lang: Lang;
  labels: [string, string, string];
}) {
  // a street has 20-odd committees: the 12 with the most orders due
  const rows = [...rates.rows]
    .sort((a, b) => (rates.by === 'place' ? b.due - a.due : 0))
    .slice(0, rates.by === 'place' ? 12 : undefined)
    .reverse();
  const ref = useChart({
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => (v == null ? '—' : `${String(v)}%`),
    },
    legend: { top: 0, right: 0, textStyle: { color: TEXT, fontSize: 11 }, itemWidth: 10, itemHeight: 8 },
    grid: { left: 4, right: 16, top: 24, bottom: 0, containLabel: true },
    xAxis: {
      type: 'value',
      max: 100,
      axisLabel: { color: TEXT, fontSize: 10, formatter: '{value}%' },
      splitLine: { lineStyle: { color: AXIS } },
    },
    yAxis: {
      type: 'category',
      data: rows.map((r) => shortName(placeName(r.place, lang))),
      axisLabel: { color: '#cfe8ff', fontSize: 11, interval: 0 },
      axisLine: { lineStyle: { color: AXIS } },
    },
    series: (
      [
        ['closeRate', labels[0], CYAN],
        ['onTimeRate', labels[1], GREEN],
        ['satisfactionRate', labels[2], AMBER],
      ] as const
    ).map(([k, name, color]) => ({
      name,
      type: 'bar',
      barGap: '10%',
      barMaxWidth: 7,
      itemStyle: { color, borderRadius: [0, 3, 3, 0] },
      data: rows.map((r) => r[k]),
    })),
  });
  return <div ref={ref} className="ops-chart" data-testid="ops-rates-chart" />;
}

/** Orders opened and closed per day. */
export function TrendLines({ trends, labels }: { trends: ScreenTrends; labels: [string, string] }) {
  const ref = useChart({
    tooltip: { trigger: 'axis' },
    legend: { top: 0, right: 0, textStyle: { color: TEXT, fontSize: 11 }, itemWidth: 12, itemHeight: 8 },
    grid: { left: 4, right: 12, top: 26, bottom: 0, containLabel: true },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: trends.days.map((d) => d.date.slice(5)),
      axisLabel: { color: TEXT, fontSize: 10 },
      axisLine: { lineStyle: { color: AXIS } },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: TEXT, fontSize: 10 },
      splitLine: { lineStyle: { color: AXIS } },
    },
    series: [
      {
        name: labels[0],
        type: 'line',
        smooth: true,
        symbol: 'none',
        lineStyle: { color: CYAN, width: 2 },
        areaStyle: {
          color: {
            type: 'linear',
            x: 0,
            y: 0,
            x2: 0,
            y2: 1,
            colorStops: [
              { offset: 0, color: 'rgba(30, 224, 255, 0.35)' },
              { offset: 1, color: 'rgba(30, 224, 255, 0)' },
            ],
          },
        },
        itemStyle: { color: CYAN },
        data: trends.days.map((d) => d.opened),
      },
      {
        name: labels[1],
        type: 'line',
        smooth: true,
        symbol: 'none',
        lineStyle: { color: GREEN, width: 2 },
        itemStyle: { color: GREEN },
        data: trends.days.map((d) => d.closed),
      },
    ],
  });
  return <div ref={ref} className="ops-chart" data-testid="ops-trend-chart" />;
}

/** A tiny inline line of daily counts. */
export function Sparkline({ values, color = CYAN }: { values: number[]; color?: string }) {
  const w = 80;
  const h = 20;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? w / (values.length - 1) : w;
  const points = values
    .map((v, i) => `${(i * step).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`)
    .join(' ');
  return (
    <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`} aria-hidden="true" className="ops-spark">
      <polyline points={points} fill="none" stroke={color} strokeWidth="1.5" />
    </svg>
  );
}
