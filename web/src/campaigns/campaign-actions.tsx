import { useState, type FormEvent } from 'react';
import type { CampaignAction } from '../api/cafe-api';
import type { CampaignState, CampaignWithStats } from '../api/types';
import { fieldError } from '../api/api-error';
import { useApi } from '../session/session-context';
import { karachiLocalToIso } from '../time/karachi';
import { formatCount } from '../ui/format';
import { ErrorNotice } from '../ui/notices';

const ACTIONS_BY_STATE: Record<CampaignState, CampaignAction[]> = {
  draft: ['start', 'cancel'],
  scheduled: ['start', 'cancel'],
  running: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  completed: [],
  cancelled: [],
};

const ACTION_LABELS: Record<CampaignAction, string> = {
  start: 'Send now',
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel campaign',
};

/** The buttons the campaign's state allows; cancelling asks first because it cannot be undone. */
export function CampaignActions({ stats, onChanged }: { stats: CampaignWithStats; onChanged: () => void }) {
  const api = useApi();
  const { campaign } = stats;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const actions = ACTIONS_BY_STATE[campaign.state] ?? [];

  async function run(action: CampaignAction) {
    setBusy(true);
    setError(undefined);
    try {
      await api.campaigns.act(campaign.id, action);
      setConfirmingCancel(false);
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  if (actions.length === 0) return null;
  return (
    <div className="card actions-panel">
      <div className="button-row">
        {actions.map((action) =>
          action === 'cancel' ? (
            <button
              key={action}
              type="button"
              className="button-danger-outline"
              disabled={busy || confirmingCancel}
              onClick={() => setConfirmingCancel(true)}
            >
              {ACTION_LABELS[action]}
            </button>
          ) : (
            <button key={action} type="button" className="button-primary" disabled={busy} onClick={() => void run(action)}>
              {ACTION_LABELS[action]}
            </button>
          ),
        )}
      </div>
      {confirmingCancel ? (
        <div className="confirm" role="alertdialog" aria-labelledby="confirm-cancel-text" data-testid="confirm-cancel">
          <p id="confirm-cancel-text">
            Cancel “<bdi>{campaign.name}</bdi>”?{' '}
            {campaign.state === 'draft' || campaign.state === 'scheduled'
              ? 'It will never be sent.'
              : `The ${formatCount(stats.counts.queued)} messages still queued will not be sent; those already sent stay sent.`}{' '}
            This cannot be undone.
          </p>
          <div className="button-row">
            <button type="button" className="button-danger" disabled={busy} onClick={() => void run('cancel')}>
              Yes, cancel the campaign
            </button>
            <button type="button" className="button-secondary" disabled={busy} onClick={() => setConfirmingCancel(false)}>
              Keep it
            </button>
          </div>
        </div>
      ) : null}
      {campaign.state === 'draft' || campaign.state === 'scheduled' ? (
        <ScheduleForm campaignId={campaign.id} rescheduling={campaign.state === 'scheduled'} onScheduled={onChanged} />
      ) : null}
      <ErrorNotice error={error} testId="action-error" />
    </div>
  );
}

function ScheduleForm({ campaignId, rescheduling, onScheduled }: { campaignId: number; rescheduling: boolean; onScheduled: () => void }) {
  const api = useApi();
  const [when, setWhen] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const at = karachiLocalToIso(when);
    if (!at) {
      setError(new Error('Pick the date and time to send (Karachi time).'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.campaigns.schedule(campaignId, at);
      onScheduled();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const message = error instanceof Error ? (fieldError(error, 'at') ?? error.message) : undefined;
  return (
    <form className="inline-form" onSubmit={submit}>
      <div className={`field${message ? ' field-invalid' : ''}`}>
        <label htmlFor="schedule-at">{rescheduling ? 'Move to (Karachi time)' : 'Schedule for (Karachi time)'}</label>
        <input
          id="schedule-at"
          type="datetime-local"
          value={when}
          onChange={(event) => setWhen(event.target.value)}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? 'schedule-at-error' : undefined}
        />
        {message ? (
          <p className="field-error" id="schedule-at-error" role="alert">
            {message}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button-secondary" disabled={busy}>
        {rescheduling ? 'Reschedule' : 'Schedule'}
      </button>
    </form>
  );
}
