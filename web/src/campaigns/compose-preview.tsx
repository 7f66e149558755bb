import { ApiError } from '../api/api-error';
import type { CampaignPreview, Contact } from '../api/types';
import { ErrorNotice, Loading } from '../ui/notices';
import type { QueryState } from '../ui/use-query';
import { useBalance } from '../overview/use-balance';
import { ContactPicker } from './contact-picker';
import { AudienceFigures, PreviewSamples } from './preview-summary';

/** A 400 from the preview blames the template (an unknown placeholder, a non-URL image). */
export function templateErrorFrom(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  return error.field === undefined || error.field === 'template' ? error.message : undefined;
}

export interface ComposePreviewProps {
  template: string;
  preview: QueryState<CampaignPreview>;
  /** False while the latest edits are still waiting out the debounce. */
  previewIsCurrent: boolean;
  pickedContact: Contact | null;
  onPickContact: (contact: Contact | null) => void;
}

/** The server's answer for the draft: who gets it, what it costs, and real renderings. */
export function ComposePreview({ template, preview, previewIsCurrent, pickedContact, onPickContact }: ComposePreviewProps) {
  const written = template.trim() !== '';
  const templateError = templateErrorFrom(preview.error);
  const balance = useBalance();
  return (
    <aside className="compose-preview card" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      <ContactPicker picked={pickedContact} onPick={onPickContact} />
      {!written ? <p className="muted">Write the message to see who gets it and what it costs.</p> : null}
      {written && (preview.loading || !previewIsCurrent) ? <Loading label="Updating preview…" /> : null}
      {written && preview.data && !preview.error ? (
        <>
          <AudienceFigures preview={preview.data} balance={balance.data} warnShortfall />
          <PreviewSamples preview={preview.data} />
        </>
      ) : null}
      {written && templateError ? <p className="muted">Fix the message to see the preview.</p> : null}
      {written && preview.error && !templateError ? <ErrorNotice error={preview.error} /> : null}
    </aside>
  );
}
