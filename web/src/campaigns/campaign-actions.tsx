import { useState, type FormEvent } from 'react';
import type { CampaignAction } from '../api/cafe-api';
import type { CampaignState, CampaignWithStats } from '../api/types';
import { fieldError } from '../api/api-error';
import { useApi } from '../session/session-context';
import { karachiLocalToIso } from '../time/karachi';
import { formatUnits, plural } from '../ui/format';
import { useBalance } from '../overview/use-balance';
import { BalanceWarning } from './balance-warning';
import { formatKarachi } from '../time/karachi';
import { quietHoursWaitUntil } from '../time/quiet-hours';
import { ConfirmPanel } from '../ui/confirm-panel';
import { ErrorNotice, InfoNotice } from '../ui/notices';
import { useQuery } from '../ui/use-query';

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
  const [confirmingStart, setConfirmingStart] = useState(false);
  const settings = useQuery(() => api.settings.get(), [api]);
  const quietHours = campaign.purpose === 'promotional' ? (settings.data?.quietHours ?? null) : null;
  // A running campaign held by the account (no SMS units left) resumes once staff have topped up.
  const actions =
    campaign.state === 'running' && stats.waitingFor
      ? ['resume' as const, ...ACTIONS_BY_STATE.running]
      : (ACTIONS_BY_STATE[campaign.state] ?? []);

  async function run(action: CampaignAction) {
    setBusy(true);
    setError(undefined);
    try {
      await api.campaigns.act(campaign.id, action);
      setConfirmingCancel(false);
      setConfirmingStart(false);
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
              onClick={() => {
                setConfirmingStart(false);
                setConfirmingCancel(true);
              }}
            >
              {ACTION_LABELS[action]}
            </button>
          ) : action === 'start' ? (
            <button
              key={action}
              type="button"
              className="button-primary"
              disabled={busy || confirmingStart}
              onClick={() => {
                setConfirmingCancel(false);
                setConfirmingStart(true);
              }}
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
      {confirmingStart ? (
        <ConfirmStart
          campaignId={campaign.id}
          quietHours={quietHours}
          busy={busy}
          onConfirm={() => void run('start')}
          onCancel={() => setConfirmingStart(false)}
        />
      ) : null}
      {confirmingCancel ? (
        <ConfirmPanel labelId="confirm-cancel-text" testId="confirm-cancel" busy={busy} onCancel={() => setConfirmingCancel(false)}>
          <p id="confirm-cancel-text">
            Cancel “<bdi>{campaign.name}</bdi>”?{' '}
            {campaign.state === 'draft' || campaign.state === 'scheduled'
              ? 'It will never be sent.'
              : `The ${plural(stats.counts.queued, 'message')} still queued will not be sent; those already sent stay sent.`}{' '}
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
        </ConfirmPanel>
      ) : null}
      {campaign.state === 'draft' || campaign.state === 'scheduled' ? (
        <ScheduleForm
          campaignId={campaign.id}
          rescheduling={campaign.state === 'scheduled'}
          quietHours={quietHours}
          onScheduled={onChanged}
        />
      ) : null}
      <ErrorNotice error={error} testId="action-error" />
    </div>
  );
}

/** "Send now to N recipients (N SMS units)?", as the compose page asks, with the stored preview's figures. */
function ConfirmStart({
  campaignId,
  quietHours,
  busy,
  onConfirm,
  onCancel,
}: {
  campaignId: number;
  quietHours: string | null;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const preview = useQuery(() => api.campaigns.storedPreview(campaignId), [api, campaignId]);
  const balance = useBalance();
  const recipients = preview.data?.recipients;
  const waitsUntil = quietHoursWaitUntil(quietHours, new Date().toISOString());
  return (
    <ConfirmPanel className="confirm-neutral" labelId="confirm-start-text" testId="confirm-start" busy={busy} onCancel={onCancel}>
      <p id="confirm-start-text">
        {preview.data
          ? `Send now to ${plural(preview.data.recipients, 'recipient')} ` +
            `(${formatUnits(preview.data.segments.total, balance.data?.unitPrice)})?`
          : preview.loading
            ? 'Counting the recipients…'
            : 'Send now to the audience?'}
      </p>
      {recipients === 0 ? <p data-testid="confirm-start-empty">Nobody would get it: no contact in its audience can receive it.</p> : null}
      {preview.data && recipients !== 0 ? (
        <BalanceWarning preview={preview.data} balance={balance.data} testId="confirm-start-shortfall" />
      ) : null}
      {waitsUntil ? (
        <p data-testid="confirm-start-quiet-hours">
          It is quiet hours now ({quietHours} Karachi): its messages wait until {formatKarachi(waitsUntil)} (Karachi), then go by
          themselves.
        </p>
      ) : null}
      <ErrorNotice error={preview.error} />
      <div className="button-row">
        <button type="button" className="button-primary" disabled={busy || preview.loading || recipients === 0} onClick={onConfirm}>
          {busy ? 'Starting…' : 'Yes, send now'}
        </button>
        <button type="button" className="button-secondary" disabled={busy} onClick={onCancel}>
          Not yet
        </button>
      </div>
    </ConfirmPanel>
  );
}

function ScheduleForm({
  campaignId,
  rescheduling,
  quietHours,
  onScheduled,
}: {
  campaignId: number;
  rescheduling: boolean;
  quietHours: string | null;
  onScheduled: () => void;
}) {
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
  const whenIso = karachiLocalToIso(when);
  const waitsUntil = whenIso ? quietHoursWaitUntil(quietHours, whenIso) : null;
  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)}>
      <div className={`field${message ? ' field-invalid' : ''}`}>
        <label htmlFor="schedule-at">{rescheduling ? 'Move to (Karachi time)' : 'Schedule for (Karachi time)'}</label>
        <input
          id="schedule-at"
          type="datetime-local"
          value={when}
          onChange={(event) => {
            setWhen(event.target.value);
            setError(undefined);
          }}
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
      {waitsUntil ? (
        <InfoNotice testId="schedule-quiet-hours">
          That time is in quiet hours ({quietHours} Karachi): its messages would wait until {formatKarachi(waitsUntil)} (Karachi).
        </InfoNotice>
      ) : null}
    </form>
  );
}
