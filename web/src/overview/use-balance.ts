import type { BalanceView } from '../api/types';
import { useApi } from '../session/session-context';
import { useQuery, type QueryState } from '../ui/use-query';

/**
 * The gateway account's balance (GET /api/balance). The server asks the real gateway at most every
 * 30 s, so polling is cheap. A server without the route (older) just leaves `data` undefined:
 * callers show nothing then.
 */
export function useBalance(options: { refreshMs?: number } = {}): QueryState<BalanceView> {
  const api = useApi();
  return useQuery(() => api.balance(), [api], options.refreshMs === undefined ? {} : { refreshMs: options.refreshMs });
}
