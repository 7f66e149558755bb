import { useState, type FormEvent } from 'react';
import { ApiError, fieldError } from '../api/api-error';
import type { Settings } from '../api/types';
import { useBalance } from '../overview/use-balance';
import { useApi } from '../session/session-context';
import { Field } from '../ui/field';
import { formatUnits } from '../ui/format';
import { ErrorNotice, SuccessNotice } from '../ui/notices';

/**
 * "" → null (no warning / unlimited), a whole number ≥ min → that number, anything else → an
 * error blaming `field`.
 */
function readUnits(text: string, field: string, min: number, words: string): number | null | ApiError {
  if (text.trim() === '') return null;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) return new ApiError(400, 'invalid_input', words, field);
  return value;
}

/** The low-balance warning (all modes), and in sandbox mode the simulator's SMS units. */
export function BalanceSettings({ initial }: { initial: Settings }) {
  return (
    <div className="card settings-form" data-testid="balance-settings">
      <h2>SMS units</h2>
      <LowBalanceForm initial={initial.lowBalanceUnits ?? null} />
      {initial.mode === 'sandbox' ? <SandboxBalanceForm /> : null}
    </div>
  );
}

function LowBalanceForm({ initial }: { initial: number | null }) {
  const api = useApi();
  const [text, setText] = useState(initial === null ? '' : String(initial));
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const units = readUnits(text, 'lowBalanceUnits', 1, 'Write a whole number of SMS units from 1, or leave it empty for no warning.');
    if (units instanceof ApiError) {
      setError(units);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const next = await api.settings.update({ lowBalanceUnits: units });
      setText(next.lowBalanceUnits == null ? '' : String(next.lowBalanceUnits));
      setDone(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const general = error instanceof ApiError && error.field === 'lowBalanceUnits' ? undefined : error;
  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)} noValidate>
      <Field
        label="Warn when fewer SMS units are left than"
        error={fieldError(error, 'lowBalanceUnits')}
        hint="The overview shows a notice below this; leave it empty for no warning."
      >
        <input
          type="number"
          inputMode="numeric"
          min="1"
          step="1"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setDone(false);
            setError(undefined);
          }}
        />
      </Field>
      <button type="submit" className="button-secondary" disabled={busy}>
        {busy ? 'Saving…' : 'Save warning level'}
      </button>
      <ErrorNotice error={general} testId="low-balance-error" />
      {done ? <SuccessNotice testId="low-balance-saved">Saved.</SuccessNotice> : null}
    </form>
  );
}

/** Sandbox only: how many SMS units the built-in simulator has, to try what an empty account does. */
function SandboxBalanceForm() {
  const api = useApi();
  const balance = useBalance();
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const current = balance.data?.balance;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const units = readUnits(text, 'units', 0, 'Write a whole number of SMS units from 0, or leave it empty for unlimited.');
    if (units instanceof ApiError) {
      setError(units);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.sandbox.setBalance(units);
      setText('');
      balance.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const general = error instanceof ApiError && error.field === 'units' ? undefined : error;
  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)} noValidate data-testid="sandbox-balance">
      <p>
        Sandbox account now:{' '}
        <strong data-testid="sandbox-balance-now">
          {current === undefined
            ? '…'
            : current.kind === 'units'
              ? formatUnits(current.units)
              : current.kind === 'unlimited'
                ? 'unlimited SMS units'
                : 'not known'}
        </strong>
      </p>
      <Field
        label="Set the sandbox's SMS units"
        error={fieldError(error, 'units')}
        hint="Try what happens when the account runs out: sends beyond them wait until you top up. Empty: unlimited."
      >
        <input type="number" inputMode="numeric" min="0" step="1" value={text} onChange={(event) => setText(event.target.value)} />
      </Field>
      <button type="submit" className="button-secondary" disabled={busy}>
        {busy ? 'Setting…' : 'Set sandbox units'}
      </button>
      <ErrorNotice error={general} testId="sandbox-balance-error" />
    </form>
  );
}
