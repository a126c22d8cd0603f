import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { SCREEN_KEY } from './api';
import type { LiveItem } from './types';

const KEEP = 40;
const DEBOUNCE_MS = 700;

/**
 * The screen's live feed: an EventSource on /api/cityops/live. New work orders and alarms are
 * put at the top of `items` as they arrive; every event (and a `resync` after the server
 * reconnected) refreshes the screen's queries, debounced so a burst costs one refresh. The
 * browser reconnects by itself (the server asks for 3 s).
 */
export function useLiveFeed(): { items: LiveItem[]; connected: boolean; fresh: Set<string> } {
  const qc = useQueryClient();
  const [items, setItems] = useState<LiveItem[]>([]);
  const [connected, setConnected] = useState(false);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const source = new EventSource('/api/cityops/live');
    const refresh = () => {
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        void qc.invalidateQueries({ queryKey: [SCREEN_KEY] });
      }, DEBOUNCE_MS);
    };
    const onItem = (e: MessageEvent<string>) => {
      const item = JSON.parse(e.data) as LiveItem;
      const key = `${item.kind}:${item.id}:${item.event}:${item.at}`;
      setItems((list) => [item, ...list].slice(0, KEEP));
      setFresh((s) => new Set(s).add(key));
      setTimeout(
        () =>
          setFresh((s) => {
            const next = new Set(s);
            next.delete(key);
            return next;
          }),
        2500,
      );
      refresh();
    };
    source.addEventListener('hello', () => setConnected(true));
    source.addEventListener('work-order', onItem as EventListener);
    source.addEventListener('alarm', onItem as EventListener);
    source.addEventListener('resync', refresh);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(source.readyState === EventSource.OPEN);
    return () => {
      source.close();
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [qc]);

  return { items, connected, fresh };
}

export const liveKey = (item: LiveItem) => `${item.kind}:${item.id}:${item.event}:${item.at}`;
