import { useEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { Spin } from 'antd';
import { AlertOutlined, ArrowLeftOutlined, FullscreenOutlined, HomeOutlined } from '@ant-design/icons';
import { isStaff, useSession } from '../../api/session';
import { Forbidden, QueryError } from '../../app/components/results';
import { mayOpen } from '../../app/nav';
import { LangSwitch } from '../../i18n/LangSwitch';
import { formatShanghai } from '../../lib/calendar';
import { useGeo, useHotspots, useRates, useScreenOrders, useSummary, useTrends } from './api';
import { DistrictMap, RatesChart, Sparkline, TrendLines, shortName } from './charts';
import { useOpsT, type OpsMessageKey } from './i18n';
import { useSensorTypes } from '../sensors/sensors-api';
import { OPS_ROLES } from './roles';
import { placeName, type LiveItem, type ScreenSummary } from './types';
import { liveKey, useLiveFeed } from './useLiveFeed';
import './ops-screen.css';

/**
 * /ops-screen — the operations centre's big screen (大屏), full-screen without the staff menu,
 * designed for 1920×1080 and usable at 1366×768: live counters, the district map with orders
 * and alarms by committee, rates per street, trends, 削峰 hot spots and the live feed. A click
 * on a street opens its view (?street=id); a click on an order opens the order.
 */
export default function OpsScreenPage() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Spin fullscreen />;
  if (session.isError) return <QueryError error={session.error} onRetry={() => void session.refetch()} />;
  const user = session.data.user;
  if (!user)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!isStaff(user) || !mayOpen({ roles: OPS_ROLES }, user.roles)) return <Forbidden />;
  return <Screen />;
}

function Screen() {
  const { ot, lang } = useOpsT();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const streetId = params.get('street') ?? undefined;
  const [trendDays, setTrendDays] = useState<7 | 30>(30);
  const [hotDays, setHotDays] = useState<7 | 30 | 90>(30);
  const summary = useSummary(streetId);
  const rates = useRates(streetId);
  const trends = useTrends(trendDays, streetId);
  const hot = useHotspots(hotDays, streetId, 10);
  const orders = useScreenOrders({ streetId }, !!streetId);
  const geo = useGeo();
  const live = useLiveFeed();
  const now = useClock();

  useEffect(() => {
    document.title = `${ot('ops.title')} · ${ot('ops.subtitle')}`;
  }, [ot]);

  const openStreet = (id: string | undefined) => setParams(id ? { street: id } : {});
  const openOrder = (id: string) => void navigate(`/workbench/work-orders/${id}`);

  if (summary.isError) return <QueryError error={summary.error} onRetry={() => void summary.refetch()} />;
  const s = summary.data;
  const street = s?.street ?? null;
  const sev = (n: number) => s?.alarms?.bySeverity.find((a) => a.severity === n)?.active ?? 0;
  const total = rates.data?.total;
  const pct = (v: number | null | undefined) => (v == null ? ot('ops.none') : `${v.toFixed(1)}%`);

  return (
    <div className="ops" data-testid="ops-screen">
      <header className="ops-header">
        <div className="ops-header-side">
          {street ? (
            <button
              type="button"
              className="ops-btn"
              onClick={() => openStreet(undefined)}
              data-testid="ops-back"
            >
              <ArrowLeftOutlined /> {ot('ops.back')}
            </button>
          ) : (
            <button type="button" className="ops-btn" onClick={() => void navigate('/workbench')}>
              <HomeOutlined /> {ot('ops.workbench')}
            </button>
          )}
          <span className={`ops-live ${live.connected ? 'on' : 'off'}`} data-testid="ops-live-state">
            <i /> {live.connected ? ot('ops.live') : ot('ops.offline')}
          </span>
        </div>
        <div className="ops-title">
          <h1>
            {ot('ops.title')}
            {street && <span className="ops-title-street"> · {placeName(street, lang)}</span>}
          </h1>
          <div className="ops-subtitle">{ot('ops.subtitle')}</div>
        </div>
        <div className="ops-header-side ops-header-right">
          <span className="ops-clock">{formatShanghai(now.toISOString())}</span>
          <button
            type="button"
            className="ops-btn"
            title={ot('ops.fullscreen')}
            onClick={() => void document.documentElement.requestFullscreen?.().catch(() => {})}
          >
            <FullscreenOutlined />
          </button>
          <LangSwitch dark />
        </div>
      </header>

      <section className="ops-counters" data-testid="ops-counters">
        <Counter label={ot('ops.open')} value={s?.counters.open} testId="ops-open" />
        <Counter
          label={ot('ops.dueToday')}
          value={s?.counters.dueToday}
          tone="amber"
          testId="ops-due-today"
        />
        <Counter label={ot('ops.overdue')} value={s?.counters.overdue} tone="red" testId="ops-overdue" />
        <Counter
          label={ot('ops.alarms')}
          value={s?.alarms ? s.alarms.active : undefined}
          empty={s && !s.alarms ? ot('ops.noSensors') : undefined}
          tone={sev(3) > 0 ? 'red' : 'amber'}
          note={s?.alarms ? ot('ops.alarmsNote', { s3: sev(3), s2: sev(2), s1: sev(1) }) : undefined}
          icon={<AlertOutlined />}
          testId="ops-alarms"
        />
        <Counter
          label={ot('ops.sensors')}
          value={s?.sensors?.onlineRate != null ? `${s.sensors.onlineRate.toFixed(1)}%` : undefined}
          empty={s ? ot('ops.noSensors') : undefined}
          note={
            s?.sensors
              ? ot('ops.sensorsNote', { online: s.sensors.online, total: s.sensors.total })
              : undefined
          }
          tone="green"
          testId="ops-sensors"
        />
        <Counter
          label={ot('ops.closeRate')}
          value={total ? pct(total.closeRate) : undefined}
          note={total ? ot('ops.rateNote', { due: total.due }) : undefined}
          testId="ops-close-rate"
        />
        <Counter
          label={ot('ops.onTimeRate')}
          value={total ? pct(total.onTimeRate) : undefined}
          note={total ? ot('ops.rateNote', { due: total.due }) : undefined}
          tone="green"
          testId="ops-on-time-rate"
        />
        <Counter
          label={ot('ops.satisfactionRate')}
          value={total ? pct(total.satisfactionRate) : undefined}
          note={total ? ot('ops.satNote', { n: total.callbacks }) : undefined}
          tone="amber"
          testId="ops-satisfaction-rate"
        />
      </section>

      <main className="ops-main">
        <div className="ops-col">
          <Panel title={street ? ot('ops.ratesStreet') : ot('ops.rates')} grow={3}>
            {rates.data && (
              <RatesChart
                rates={rates.data}
                lang={lang}
                labels={[ot('ops.closeRate'), ot('ops.onTimeRate'), ot('ops.satisfactionRate')]}
              />
            )}
          </Panel>
          <Panel
            title={ot('ops.trend')}
            grow={2}
            extra={
              <Toggle
                value={trendDays}
                options={[
                  [7, ot('ops.days7')],
                  [30, ot('ops.days30')],
                ]}
                onChange={setTrendDays}
              />
            }
          >
            {trends.data && <TrendLines trends={trends.data} labels={[ot('ops.opened'), ot('ops.closed')]} />}
          </Panel>
        </div>

        <div className="ops-col ops-col-map">
          <Panel
            title={`${ot('ops.map')} · ${street ? placeName(street, lang) : ot('ops.district')}`}
            grow={1}
          >
            {geo.data && s && (
              <DistrictMap
                geo={geo.data}
                summary={s}
                lang={lang}
                onPlace={(p) => {
                  if (!street) openStreet(p.streetId);
                }}
              />
            )}
            <div className="ops-map-legend">
              <span>
                <i className="dot cyan" /> {ot('ops.legendOk')}
              </span>
              <span>
                <i className="dot amber" /> {ot('ops.legendWarn')}
              </span>
              <span>
                <i className="dot red" /> {ot('ops.legendBad')}
              </span>
              <span className="ops-map-note">{ot('ops.mapDemo')}</span>
            </div>
            {!street && s && <StreetStrip summary={s} lang={lang} onOpen={openStreet} />}
          </Panel>
        </div>

        <div className="ops-col">
          {street ? (
            <Panel title={ot('ops.streetOrders')} grow={3}>
              <ul className="ops-list" data-testid="ops-street-orders">
                {(orders.data?.items ?? []).map((o) => (
                  <li key={o.id}>
                    <button type="button" className="ops-row" onClick={() => openOrder(o.id)}>
                      <span className={`ops-tag ${o.overdue ? 'red' : 'cyan'}`}>
                        {o.stateName ? o.stateName[lang] : o.state}
                      </span>
                      <span className="ops-row-main">
                        {o.categoryName}
                        <small>{placeName(o.committee ?? o.street, lang)}</small>
                      </span>
                      <span className="ops-row-meta">
                        {o.deadline ? formatShanghai(o.deadline).slice(5) : '—'}
                      </span>
                    </button>
                  </li>
                ))}
                {orders.data && !orders.data.items.length && (
                  <li className="ops-empty">{ot('ops.noOrders')}</li>
                )}
              </ul>
            </Panel>
          ) : (
            <Panel
              title={ot('ops.hotspots', { days: hotDays })}
              grow={3}
              extra={
                <Toggle
                  value={hotDays}
                  options={[
                    [7, ot('ops.days7')],
                    [30, ot('ops.days30')],
                    [90, ot('ops.days90')],
                  ]}
                  onChange={setHotDays}
                />
              }
            >
              <ol className="ops-hot" data-testid="ops-hotspots">
                {(hot.data?.items ?? []).map((h) => (
                  <li key={`${h.place?.id}-${h.categoryCode}`}>
                    <button
                      type="button"
                      className="ops-row"
                      onClick={() => h.street && openStreet(h.street.id)}
                    >
                      <span className={`ops-rank r${Math.min(h.rank, 4)}`}>{h.rank}</span>
                      <span className="ops-row-main">
                        {h.categoryName}
                        <small>
                          {placeName(h.place, lang)}
                          {h.place?.kind === 'committee' ? ` · ${shortName(placeName(h.street, lang))}` : ''}
                        </small>
                      </span>
                      <Sparkline values={h.series} />
                      <span className="ops-row-meta">
                        <b>{h.orders}</b>
                        <Change value={h.change} fresh={ot('ops.new')} />
                      </span>
                    </button>
                  </li>
                ))}
              </ol>
            </Panel>
          )}
          <Panel title={ot('ops.feed')} grow={2}>
            <ul className="ops-feed" data-testid="ops-feed">
              {live.items.map((item) => (
                <FeedItem
                  key={liveKey(item)}
                  item={item}
                  fresh={live.fresh.has(liveKey(item))}
                  onOpen={(id) => openOrder(id)}
                />
              ))}
              {!live.items.length && <li className="ops-empty">{ot('ops.feedEmpty')}</li>}
            </ul>
          </Panel>
        </div>
      </main>
      {s && (
        <footer className="ops-footer">
          {ot('ops.asOf', { t: formatShanghai(s.asOf) })} · {ot('ops.mapHint')}
        </footer>
      )}
    </div>
  );
}

function useClock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}

function Counter({
  label,
  value,
  note,
  tone = 'cyan',
  empty,
  icon,
  testId,
}: {
  label: string;
  value: number | string | undefined;
  note?: string | undefined;
  tone?: 'cyan' | 'amber' | 'red' | 'green';
  empty?: string | undefined;
  icon?: ReactNode;
  testId: string;
}) {
  return (
    <div className={`ops-counter ${tone}`} data-testid={testId}>
      <div className="ops-counter-label">
        {icon} {label}
      </div>
      <div className="ops-counter-value">
        {value === undefined ? (empty ?? '…') : typeof value === 'number' ? value.toLocaleString() : value}
      </div>
      {note && <div className="ops-counter-note">{note}</div>}
    </div>
  );
}

function Panel({
  title,
  extra,
  grow,
  children,
}: {
  title: string;
  extra?: ReactNode;
  grow: number;
  children: ReactNode;
}) {
  return (
    <section className="ops-panel" style={{ flexGrow: grow }}>
      <header>
        <h2>{title}</h2>
        {extra}
      </header>
      <div className="ops-panel-body">{children}</div>
    </section>
  );
}

function Toggle<T extends number>({
  value,
  options,
  onChange,
}: {
  value: T;
  options: [T, string][];
  onChange: (v: T) => void;
}) {
  return (
    <span className="ops-toggle">
      {options.map(([v, label]) => (
        <button key={v} type="button" className={v === value ? 'on' : ''} onClick={() => onChange(v)}>
          {label}
        </button>
      ))}
    </span>
  );
}

function Change({ value, fresh }: { value: number | null; fresh: string }) {
  if (value === null) return <small className="ops-change up">{fresh}</small>;
  return (
    <small className={`ops-change ${value > 0 ? 'up' : value < 0 ? 'down' : ''}`}>
      {value > 0 ? '▲' : value < 0 ? '▼' : '■'} {Math.abs(value).toFixed(0)}%
    </small>
  );
}

function StreetStrip({
  summary,
  lang,
  onOpen,
}: {
  summary: ScreenSummary;
  lang: 'zh' | 'en';
  onOpen: (id: string) => void;
}) {
  const { ot } = useOpsT();
  const streets = summary.places.filter((p) => p.kind === 'street').sort((a, b) => b.open - a.open);
  return (
    <div className="ops-streets" data-testid="ops-streets">
      {streets.map((p) => (
        <button key={p.id} type="button" className="ops-street" onClick={() => onOpen(p.id)}>
          <span>{shortName(placeName(p, lang))}</span>
          <b>{p.open}</b>
          <em className={p.overdue > 0 ? 'late' : ''}>
            {p.overdue > 0 ? ot('ops.overdueN', { n: p.overdue }) : ot('ops.onSchedule')}
          </em>
        </button>
      ))}
    </div>
  );
}

const ALARM_EVENTS = new Set(['opened', 'updated', 'acknowledged', 'cleared']);

function FeedItem({ item, fresh, onOpen }: { item: LiveItem; fresh: boolean; onOpen: (id: string) => void }) {
  const { ot, lang } = useOpsT();
  const where = [lang === 'en' && item.streetNameEn ? item.streetNameEn : item.streetName, item.committeeName]
    .filter(Boolean)
    .join(' · ');
  const time = formatShanghai(item.at).slice(11, 19);
  const sensorTypes = useSensorTypes().data?.items;
  if (item.kind === 'alarm') {
    const type = sensorTypes?.find((t) => t.code === item.sensorType);
    // an area outage is one alarm: the committee's silent sensors of its active ones
    const typeName =
      item.alarmType === 'outage'
        ? ot('ops.outage', { silent: item.silentCount ?? 0, total: item.sensorCount ?? 0 })
        : type
          ? lang === 'en'
            ? type.nameEn
            : type.name
          : item.sensorType;
    const eventKey = `ops.alarm.${item.event}` as OpsMessageKey;
    return (
      <li
        className={`ops-feed-item alarm ${fresh ? 'fresh' : ''}`}
        data-testid={item.alarmType === 'outage' ? 'ops-feed-outage' : undefined}
      >
        <button
          type="button"
          className="ops-row"
          onClick={() => item.workOrderId && onOpen(item.workOrderId)}
          disabled={!item.workOrderId}
        >
          <span className={`ops-tag ${item.severity === 3 ? 'red' : 'amber'}`}>
            {ot('ops.evAlarm')} {ot('ops.severity', { n: 4 - (item.severity ?? 1) })}
          </span>
          <span className="ops-row-main">
            {typeName} · {ALARM_EVENTS.has(item.event) ? ot(eventKey) : item.event}
            <small>{where}</small>
          </span>
          <span className="ops-row-meta">{time}</span>
        </button>
      </li>
    );
  }
  return (
    <li className={`ops-feed-item ${fresh ? 'fresh' : ''}`}>
      <button type="button" className="ops-row" onClick={() => onOpen(item.id)}>
        <span className={`ops-tag ${item.event === 'created' ? 'cyan' : 'green'}`}>
          {item.event === 'created' ? ot('ops.evCreated') : ot('ops.evAction')}
        </span>
        <span className="ops-row-main">
          {item.categoryName ?? item.categoryCode}
          <small>
            {item.orderNo} · {where}
          </small>
        </span>
        <span className="ops-row-meta">{time}</span>
      </button>
    </li>
  );
}
