import { useState, type FormEvent } from 'react';
import type { ImportReport } from '../api/types';
import { useApi } from '../session/session-context';
import { formatCount, plural } from '../ui/format';
import { ErrorNotice, SuccessNotice } from '../ui/notices';

const MAX_BYTES = 50 * 1024 * 1024;

/** Uploads a CSV as is (text/csv) and shows what happened to every line the server refused. */
export function ImportPanel({ onImported }: { onImported: () => void }) {
  const api = useApi();
  const [file, setFile] = useState<File | null>(null);
  const [tag, setTag] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setError(new Error('Choose a CSV file first (a header row with phone, and optionally name and tags).'));
      return;
    }
    if (file.size > MAX_BYTES) {
      setError(new Error(`${file.name} is ${formatCount(Math.ceil(file.size / 1024 / 1024))} MB; the limit is 50 MB. Split the file.`));
      return;
    }
    setBusy(true);
    setError(undefined);
    setReport(null);
    try {
      setReport(await api.contacts.importCsv(file, tag.trim() || undefined));
      onImported();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-label="Import contacts from CSV">
      <h2>Import a CSV</h2>
      <p className="muted small">One contact per line with a header row: phone (required), name, tags. Existing numbers are updated.</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="import-file">CSV file</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setReport(null);
              setError(undefined);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="import-tag">Tag every imported contact (optional)</label>
          <input id="import-tag" value={tag} onChange={(event) => setTag(event.target.value)} placeholder="e.g. walk-ins" />
        </div>
      </div>
      <ErrorNotice error={error} testId="import-error" />
      <div className="button-row">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
      </div>
      {report ? <ImportReportView report={report} /> : null}
    </form>
  );
}

function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <div className="import-report" data-testid="import-report">
      <SuccessNotice testId="import-summary">
        {plural(report.total, 'line')} read: {formatCount(report.imported)} new, {formatCount(report.updated)} updated,{' '}
        {formatCount(report.merged)} merged, {formatCount(report.rejectedTotal)} rejected.
        {report.optedOut > 0 ? ` ${formatCount(report.optedOut)} opted out, as the file says.` : ''}
      </SuccessNotice>
      {report.rejected.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="import-rejected">
            <caption>
              {report.rejectedTotal > report.rejected.length
                ? `Rejected lines: the first ${formatCount(report.rejected.length)} of ${formatCount(report.rejectedTotal)}. ` +
                  'Fix them in the file and import it again'
                : 'Rejected lines — fix them in the file and import it again'}
            </caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Line
                </th>
                <th scope="col">Reason</th>
                <th scope="col">Input</th>
              </tr>
            </thead>
            <tbody>
              {report.rejected.map((row, index) => (
                <tr key={`${row.line}-${index}`}>
                  <td data-label="Line" className="num">
                    {row.line}
                  </td>
                  <td data-label="Reason">{row.reason}</td>
                  <td data-label="Input">{row.input ? <code dir="auto">{row.input}</code> : <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
