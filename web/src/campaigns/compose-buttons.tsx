import type { ReactNode } from 'react';
import { ConfirmPanel } from '../ui/confirm-panel';

export type Submission = 'draft' | 'send' | 'schedule';

export interface ComposeButtonsProps {
  busy: Submission | null;
  /** Created already (its start failed): only "Send now" is left to try again. */
  draftSaved: boolean;
  confirmingSend: boolean;
  /** "Send now to 93 recipients (186 SMS units)?" */
  sendSummary: string;
  /** Said under the question, e.g. that quiet hours will hold the messages. */
  sendNote?: ReactNode;
  /** Why sending is refused (e.g. nobody in the audience); the "yes" button is disabled then. */
  sendRefusal?: string | undefined;
  /** A warning that does not stop sending (e.g. too few SMS units left for everyone). */
  sendWarning?: ReactNode;
  onSubmit: (kind: Submission) => void;
  onConfirmSend: (confirming: boolean) => void;
}

/** Save draft / Schedule / Send now; sending asks once more with the recipient count. */
export function ComposeButtons({
  busy,
  draftSaved,
  confirmingSend,
  sendSummary,
  sendNote,
  sendRefusal,
  sendWarning,
  onSubmit,
  onConfirmSend,
}: ComposeButtonsProps) {
  if (confirmingSend) {
    return (
      <ConfirmPanel
        className="confirm-neutral"
        labelId="confirm-send-text"
        testId="confirm-send"
        busy={busy !== null}
        onCancel={() => onConfirmSend(false)}
      >
        <p id="confirm-send-text">{sendSummary}</p>
        {sendRefusal ? null : sendWarning}
        {sendRefusal ? (
          <p className="field-error" role="alert" data-testid="confirm-send-refusal">
            {sendRefusal}
          </p>
        ) : sendNote ? (
          <p data-testid="confirm-send-note">{sendNote}</p>
        ) : null}
        <div className="button-row">
          <button
            type="button"
            className="button-primary"
            disabled={busy !== null || sendRefusal !== undefined}
            onClick={() => onSubmit('send')}
          >
            {busy === 'send' ? 'Starting…' : 'Yes, send now'}
          </button>
          <button type="button" className="button-secondary" disabled={busy !== null} onClick={() => onConfirmSend(false)}>
            Not yet
          </button>
        </div>
      </ConfirmPanel>
    );
  }
  return (
    <div className="button-row">
      <button type="submit" className="button-secondary" disabled={busy !== null || draftSaved}>
        {busy === 'draft' ? 'Saving…' : 'Save draft'}
      </button>
      <button type="button" className="button-secondary" disabled={busy !== null || draftSaved} onClick={() => onSubmit('schedule')}>
        {busy === 'schedule' ? 'Scheduling…' : 'Schedule'}
      </button>
      <button type="button" className="button-primary" disabled={busy !== null} onClick={() => onConfirmSend(true)}>
        Send now
      </button>
    </div>
  );
}
