import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createCafeApi, type CafeApi } from '../api/cafe-api';
import { ApiError } from '../api/api-error';
import { createApiClient } from '../api/client';
import type { Mode, SessionInfo, User } from '../api/types';

export type SessionStatus = 'loading' | 'signed-out' | 'signed-in';

export interface Session {
  status: SessionStatus;
  user: User | null;
  /** Sandbox or live, from /api/health (null until known). */
  mode: Mode | null;
  /** Why the session check failed when it was not simply "not signed in". */
  startupError: unknown;
  api: CafeApi;
  signedIn: (info: SessionInfo) => void;
  signOut: () => Promise<void>;
  setMode: (mode: Mode) => void;
  retryStartup: () => void;
}

const SessionContext = createContext<Session | null>(null);

/**
 * Owns the session: the CSRF token lives in memory here (never in storage) and goes on every
 * state-changing request; any 401 outside sign-in drops back to the sign-in page.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [csrfToken] = useState(createTokenHolder);
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [mode, setMode] = useState<Mode | null>(null);
  const [startupError, setStartupError] = useState<unknown>(undefined);
  const [startupAttempt, setStartupAttempt] = useState(0);

  const dropSession = useCallback(() => {
    csrfToken.set(null);
    setUser(null);
    setStatus('signed-out');
  }, [csrfToken]);

  const api = useMemo(
    () => createCafeApi(createApiClient({ getCsrfToken: csrfToken.get, onUnauthorized: dropSession })),
    [csrfToken, dropSession],
  );

  const signedIn = useCallback(
    (info: SessionInfo) => {
      csrfToken.set(info.csrfToken);
      setUser(info.user);
      setStartupError(undefined);
      setStatus('signed-in');
    },
    [csrfToken],
  );

  useEffect(() => {
    let cancelled = false;
    api.health().then(
      (health) => !cancelled && setMode(health.mode),
      () => undefined,
    );
    api.auth.me().then(
      (info) => !cancelled && signedIn(info),
      (error: unknown) => {
        if (cancelled) return;
        if (!(error instanceof ApiError && error.status === 401)) setStartupError(error);
        dropSession();
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, signedIn, dropSession, startupAttempt]);

  const signOut = useCallback(async () => {
    // Leaving is never blocked: if the server cannot be told, the session still ends here.
    await api.auth.logout().catch(() => undefined);
    dropSession();
  }, [api, dropSession]);

  const retryStartup = useCallback(() => {
    setStartupError(undefined);
    setStatus('loading');
    setStartupAttempt((value) => value + 1);
  }, []);

  const session = useMemo<Session>(
    () => ({ status, user, mode, startupError, api, signedIn, signOut, setMode, retryStartup }),
    [status, user, mode, startupError, api, signedIn, signOut, retryStartup],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/**
 * Where the provider keeps the CSRF token, outside React state: only the API client reads it, when it
 * makes a request, and nothing renders it.
 */
function createTokenHolder() {
  let token: string | null = null;
  return {
    get: (): string | null => token,
    set: (next: string | null): void => {
      token = next;
    },
  };
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}

export function useApi(): CafeApi {
  return useSession().api;
}
