import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface ConfirmPanelProps {
  /** Id of the element holding the question, for the dialog's accessible name… */
  labelId?: string;
  /** …or the name itself. */
  label?: string;
  testId?: string;
  /** Extra class, e.g. `confirm-neutral`. */
  className?: string;
  /** Escape calls it (unless busy): the same as the panel's "no" button. */
  onCancel: () => void;
  busy?: boolean;
  children: ReactNode;
}

/**
 * An inline confirmation (Send now, Delete, Cancel campaign): focus moves into it when it
 * opens, so keyboard users land on the question, and Escape cancels it.
 */
export function ConfirmPanel({ labelId, label, testId, className, onCancel, busy = false, children }: ConfirmPanelProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'Escape' || busy) return;
    event.preventDefault();
    event.stopPropagation();
    onCancel();
  }

  return (
    <div
      ref={ref}
      className={`confirm${className ? ` ${className}` : ''}`}
      role="alertdialog"
      aria-labelledby={labelId}
      aria-label={label}
      data-testid={testId}
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      {children}
    </div>
  );
}
