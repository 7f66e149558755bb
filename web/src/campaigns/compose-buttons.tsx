export type Submission = 'draft' | 'send' | 'schedule';

export interface ComposeButtonsProps {
  busy: Submission | null;
  /** Created already (its start failed): only "Send now" is left to try again. */
  draftSaved: boolean;
  confirmingSend: boolean;
  /** "Send now to 93 recipients (186 SMS units)?" */
  sendSummary: string;
  onSubmit: (kind: Submission) => void;
  onConfirmSend: (confirming: boolean) => void;
}

/** Save draft / Schedule / Send now; sending asks once more with the recipient count. */
export function ComposeButtons({ busy, draftSaved, confirmingSend, sendSummary, onSubmit, onConfirmSend }: ComposeButtonsProps) {
  if (confirmingSend) {
    return (
      <div className="confirm confirm-neutral" role="alertdialog" aria-labelledby="confirm-send-text" data-testid="confirm-send">
        <p id="confirm-send-text">{sendSummary}</p>
        <div className="button-row">
          <button type="button" className="button-primary" disabled={busy !== null} onClick={() => onSubmit('send')}>
            {busy === 'send' ? 'Starting…' : 'Yes, send now'}
          </button>
          <button type="button" className="button-secondary" disabled={busy !== null} onClick={() => onConfirmSend(false)}>
            Not yet
          </button>
        </div>
      </div>
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
