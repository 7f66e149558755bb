import { useState, type FormEvent } from 'react';
import { ApiError, fieldError } from '../api/api-error';
import type { Settings, SettingsUpdate } from '../api/types';
import { SmsCounter } from '../campaigns/sms-counter';
import { useApi } from '../session/session-context';
import { Field } from '../ui/field';
import { ErrorNotice, Loading, SuccessNotice } from '../ui/notices';
import { useQuery } from '../ui/use-query';
import { WhyDetail } from '../ui/why-detail';
import { BalanceSettings } from './balance-settings';
import { OptOutLineForms } from './opt-out-line-forms';
import { formatQuietHours, parseQuietHours, quietHoursFormProblem, type QuietHoursForm } from './quiet-hours';
import { SaveWarnings, settingsWarnings } from './save-warnings';
import { optOutLineWarning, sendRateWarning } from './setting-rules';
import { StaffSection } from './staff-section';

const FORM_FIELDS = ['senderId', 'sendRate', 'quietHours', 'optOutText'];

export function SettingsPage() {
  const api = useApi();
  const settings = useQuery(() => api.settings.get(), [api]);
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      {settings.loading ? <Loading /> : null}
      {settings.data ? <SettingsForm initial={settings.data} /> : <ErrorNotice error={settings.error} />}
      <StaffSection />
      {settings.data ? <BalanceSettings initial={settings.data} /> : null}
    </section>
  );
}

function SettingsForm({ initial }: { initial: Settings }) {
  const api = useApi();
  const [saved, setSaved] = useState(initial);
  const [senderId, setSenderId] = useState(initial.senderId);
  const [sendRate, setSendRate] = useState(String(initial.sendRate));
  const [quiet, setQuiet] = useState<QuietHoursForm>(parseQuietHours(initial.quietHours));
  const [optOutText, setOptOutText] = useState(initial.optOutText);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  /** The warnings staff were shown on pressing Save, waiting for "Save anyway" or "Go back". */
  const [confirming, setConfirming] = useState<string[] | null>(null);

  /**
   * An edit hides "Saved" and the error of the field edited. (Only edits do: an effect on the values
   * also fired when a save put the answer back into the form, hiding "Saved" at once.)
   */
  function edit<T>(field: string, set: (value: T) => void): (value: T) => void {
    return (value) => {
      setDone(false);
      setConfirming(null);
      setError((current: unknown) => (current instanceof ApiError && current.field === field ? undefined : current));
      set(value);
    };
  }
  const editSenderId = edit('senderId', setSenderId);
  const editSendRate = edit('sendRate', setSendRate);
  const editQuiet = edit('quietHours', setQuiet);
  const editOptOutText = edit('optOutText', setOptOutText);

  function changes(): SettingsUpdate | ApiError {
    const update: SettingsUpdate = {};
    if (senderId.trim() !== saved.senderId) update.senderId = senderId.trim();
    const rate = Number(sendRate);
    if (sendRate.trim() === '' || !Number.isFinite(rate) || rate <= 0) {
      return new ApiError(400, 'invalid_input', 'The pace must be a number of SMS parts per second above 0, e.g. 20.', 'sendRate');
    }
    if (rate !== saved.sendRate) update.sendRate = rate;
    if (quiet.enabled && (quiet.from === '' || quiet.to === '')) {
      return new ApiError(400, 'invalid_input', 'Give both the start and the end of quiet hours, or switch them off.', 'quietHours');
    }
    const quietProblem = quietHoursFormProblem(quiet);
    if (quietProblem !== undefined) return new ApiError(400, 'invalid_input', quietProblem, 'quietHours');
    const quietHours = formatQuietHours(quiet);
    if (quietHours !== saved.quietHours) update.quietHours = quietHours;
    if (optOutText !== saved.optOutText) update.optOutText = optOutText;
    return update;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const update = changes();
    if (update instanceof ApiError) {
      setError(update);
      return;
    }
    // An unusual value is asked about once before it is saved; "Save anyway" saves it.
    const warnings = settingsWarnings(update);
    if (warnings.length > 0 && confirming === null) {
      setConfirming(warnings);
      return;
    }
    await save(update);
  }

  async function save(update: SettingsUpdate) {
    setConfirming(null);
    setBusy(true);
    setError(undefined);
    try {
      const next = await api.settings.update(update);
      setSaved(next);
      setSenderId(next.senderId);
      setSendRate(String(next.sendRate));
      setQuiet(parseQuietHours(next.quietHours));
      setOptOutText(next.optOutText);
      setDone(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const general = error instanceof ApiError && error.field && FORM_FIELDS.includes(error.field) ? undefined : error;
  return (
    <form className="card settings-form" onSubmit={(event) => void submit(event)} noValidate>
      <Field
        label="Sender ID"
        error={fieldError(error, 'senderId')}
        hint="The name customers see, as approved by the gateway (e.g. Cafe de Revenue)."
      >
        <input value={senderId} onChange={(event) => editSenderId(event.target.value)} />
      </Field>
      <Field
        label="Pace (SMS parts per second)"
        error={fieldError(error, 'sendRate')}
        hint={
          <>
            Usually between 1 and 100.
            <WhyDetail>
              The sending worker sends at most this many SMS parts (segments) a second, with up to {saved.sendConcurrency} gateway calls at
              a time; it slows down by itself when the gateway asks it to.
            </WhyDetail>
          </>
        }
      >
        <input
          type="number"
          inputMode="decimal"
          min="0.1"
          step="0.1"
          value={sendRate}
          onChange={(event) => editSendRate(event.target.value)}
        />
      </Field>
      <FieldWarning text={sendRateWarningFor(sendRate)} testId="pace-warning" />

      <fieldset className={`quiet-hours${fieldError(error, 'quietHours') ? ' field-invalid' : ''}`}>
        <legend>Quiet hours (Karachi time)</legend>
        <label className="checkbox">
          <input type="checkbox" checked={quiet.enabled} onChange={(event) => editQuiet({ ...quiet, enabled: event.target.checked })} />
          Hold promotional messages during quiet hours
        </label>
        {quiet.enabled ? (
          <div className="inline-options">
            <div className="field">
              <label htmlFor="quiet-from">From</label>
              <input
                id="quiet-from"
                type="time"
                value={quiet.from}
                onChange={(event) => editQuiet({ ...quiet, from: event.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="quiet-to">To</label>
              <input id="quiet-to" type="time" value={quiet.to} onChange={(event) => editQuiet({ ...quiet, to: event.target.value })} />
            </div>
          </div>
        ) : (
          <p className="muted small">Off: promotional messages go out at any hour.</p>
        )}
        {fieldError(error, 'quietHours') ? (
          <p className="field-error" role="alert">
            {fieldError(error, 'quietHours')}
          </p>
        ) : null}
      </fieldset>

      <Field
        label="Opt-out line"
        error={fieldError(error, 'optOutText')}
        hint="Added on its own line to every promotional message; it counts towards its SMS parts."
      >
        <textarea className="sms-text" dir="auto" rows={2} value={optOutText} onChange={(event) => editOptOutText(event.target.value)} />
      </Field>
      <FieldWarning text={optOutLineWarning(optOutText)} testId="opt-out-warning" />
      <OptOutLineForms optOutText={optOutText} />
      <SmsCounter text={optOutText} note="The opt-out line alone; it adds a line to each message." />

      <dl className="facts">
        <div>
          <dt>Opt-out keywords</dt>
          <dd dir="auto">{saved.optOutKeywords.join(', ') || 'The built-in ones only (STOP and the like)'}</dd>
        </div>
        <div>
          <dt>Opt-in keywords</dt>
          <dd dir="auto">{saved.optInKeywords.join(', ') || 'The built-in ones only (START and the like)'}</dd>
        </div>
        <div>
          <dt>Mode</dt>
          <dd>{saved.mode === 'sandbox' ? 'Sandbox (simulator, no real SMS)' : 'Live'}</dd>
        </div>
      </dl>

      <ErrorNotice error={general} testId="settings-error" />
      {done ? <SuccessNotice testId="settings-saved">Saved. The sending worker uses the new settings from now on.</SuccessNotice> : null}
      {confirming !== null ? (
        <SaveWarnings
          warnings={confirming}
          busy={busy}
          onSave={() => {
            const update = changes();
            if (update instanceof ApiError) setError(update);
            else void save(update);
          }}
          onCancel={() => setConfirming(null)}
        />
      ) : (
        <div className="button-row">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      )}
    </form>
  );
}

/** What the server's rule says about the pace as typed (nothing while it is not a number yet). */
function sendRateWarningFor(text: string): string | undefined {
  const rate = Number(text);
  return text.trim() === '' ? undefined : sendRateWarning(rate);
}

/** A warning under a field, shown as the value is typed, before anything is saved. */
function FieldWarning({ text, testId }: { text: string | undefined; testId: string }) {
  if (text === undefined) return null;
  return (
    <p className="notice notice-warning" role="status" data-testid={testId}>
      {text}
    </p>
  );
}
