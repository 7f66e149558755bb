import type { ReactNode } from 'react';
import './why-detail.css';

/**
 * The technical reason behind something the page says in plain words, folded away: staff read
 * the plain words; whoever wants the reason (encodings, gateway states) opens "why?".
 */
export function WhyDetail({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <details className="why-detail" data-testid={testId}>
      <summary>why?</summary>
      <div className="why-detail-body">{children}</div>
    </details>
  );
}
