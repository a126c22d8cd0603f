import { useCallback, useState } from 'react';

export type Position = { latitude: number; longitude: number; accuracy: number };
export type LocateState =
  | { status: 'idle' }
  | { status: 'locating' }
  | { status: 'located'; position: Position }
  | { status: 'failed'; reason: string }
  | { status: 'unsupported' };

/** Why a position could not be had, in the user's words. */
export function locateFailure(code: number, lang: 'zh' | 'en'): string {
  const zh = { 1: '未允许定位', 2: '无法确定位置', 3: '定位超时' } as Record<number, string>;
  const en = { 1: 'permission denied', 2: 'position unavailable', 3: 'timed out' } as Record<number, string>;
  return (lang === 'zh' ? zh : en)[code] ?? (lang === 'zh' ? '未知原因' : 'unknown');
}

/** Rounded for display and storage: 6 decimals is about 0.1 m. */
export const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** The browser's position on request (navigator.geolocation), high accuracy, 15 s at most. */
export function useGeolocation(lang: 'zh' | 'en') {
  const [state, setState] = useState<LocateState>({ status: 'idle' });
  const locate = useCallback(() => {
    if (!('geolocation' in navigator)) {
      setState({ status: 'unsupported' });
      return;
    }
    setState({ status: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (p) =>
        setState({
          status: 'located',
          position: {
            latitude: round6(p.coords.latitude),
            longitude: round6(p.coords.longitude),
            accuracy: Math.round(p.coords.accuracy),
          },
        }),
      (e) => setState({ status: 'failed', reason: locateFailure(e.code, lang) }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }, [lang]);
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, locate, reset };
}
