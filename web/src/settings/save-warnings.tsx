import type { SettingsUpdate } from '../api/types';
import { ConfirmPanel } from '../ui/confirm-panel';
import { optOutLineWarning, sendRateWarning } from './setting-rules';

/** The warnings for what is about to be saved: only changed values are asked about. */
export function settingsWarnings(update: SettingsUpdate): string[] {
  const warnings = [
    update.sendRate === undefined ? undefined : sendRateWarning(update.sendRate),
    update.optOutText === undefined ? undefined : optOutLineWarning(update.optOutText),
  ];
  return warnings.filter((warning): warning is string => warning !== undefined);
}

/** Asked on pressing Save when a value is unusual: save it anyway, or go back and change it. */
export function SaveWarnings({
  warnings,
  busy,
  onSave,
  onCancel,
}: {
  warnings: readonly string[];
  busy: boolean;
  onSave: () => void;
  onCancel: () => void;
}) {
  return (
    <ConfirmPanel labelId="save-warnings-title" testId="save-warnings" onCancel={onCancel} busy={busy}>
      <p id="save-warnings-title">
        <strong>Check before saving:</strong>
      </p>
      <ul>
        {warnings.map((warning) => (
          <li key={warning}>{warning}</li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" className="button-primary" disabled={busy} onClick={onSave}>
          {busy ? 'Saving…' : 'Save anyway'}
        </button>
        <button type="button" className="button-secondary" disabled={busy} onClick={onCancel}>
          Go back
        </button>
      </div>
    </ConfirmPanel>
  );
}
