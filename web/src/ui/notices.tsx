import type { ReactNode } from 'react';
import { errorMessage } from '../api/api-error';

/** An API or client error, read out by screen readers as it appears. */
export function ErrorNotice({ error, testId }: { error: unknown; testId?: string }) {
  if (error === undefined || error === null) return null;
  return (
    <p className="notice notice-error" role="alert" data-testid={testId ?? 'error'}>
      {errorMessage(error)}
    </p>
  );
}

export function SuccessNotice({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="notice notice-success" role="status" data-testid={testId ?? 'success'}>
      {children}
    </p>
  );
}

/** Something staff should know that is not an error, e.g. why nothing is being sent right now. */
export function InfoNotice({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="notice notice-warning" role="status" data-testid={testId ?? 'info'}>
      {children}
    </p>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {label}
    </p>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
