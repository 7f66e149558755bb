import { useCallback, useEffect, useEffectEvent, useState, type DependencyList } from 'react';

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  /** True until the first answer (later refreshes keep showing the last data). */
  loading: boolean;
  reload: () => void;
}

export interface QueryOptions {
  /** Reload every so many ms while the page is open (and visible). */
  refreshMs?: number | undefined;
  /** Do not load at all (e.g. nothing to ask yet). */
  skip?: boolean;
}

/**
 * Loads `load()` whenever `deps` change, ignoring answers to superseded calls, and optionally polls.
 * Keeps the previous data during a refresh so polled pages do not flicker.
 */
export function useQuery<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList, options: QueryOptions = {}): QueryState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(!options.skip);
  const [generation, setGeneration] = useState(0);
  // The load effect calls the latest `load` but reruns only when `deps` change.
  const loadLatest = useEffectEvent((signal: AbortSignal) => load(signal));
  // A skipped query is not loading: adjusted during render (https://react.dev/learn/you-might-not-need-an-effect).
  if (options.skip && loading) setLoading(false);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  useEffect(() => {
    if (options.skip) return undefined;
    const controller = new AbortController();
    loadLatest(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure);
        setLoading(false);
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation, options.skip]);

  useEffect(() => {
    if (!options.refreshMs || options.skip) return undefined;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, options.refreshMs);
    return () => clearInterval(timer);
  }, [options.refreshMs, options.skip, reload]);

  return { data, error, loading, reload };
}
