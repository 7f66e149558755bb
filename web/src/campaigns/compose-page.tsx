import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError, fieldError } from '../api/api-error';
import type { CampaignPreview, Contact, MessageType, NewCampaign, PreviewRequest } from '../api/types';
import { useApi } from '../session/session-context';
import { isoToKarachiLocal, karachiLocalToIso } from '../time/karachi';
import { Field } from '../ui/field';
import { formatCount } from '../ui/format';
import { ErrorNotice } from '../ui/notices';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { useQuery } from '../ui/use-query';
import { AudiencePicker } from './audience-picker';
import { ComposeButtons, type Submission } from './compose-buttons';
import { ComposePreview, templateErrorFrom } from './compose-preview';
import { PlaceholderButtons } from './placeholder-buttons';
import { BUILT_IN_PLACEHOLDERS, SAMPLE_VALUES, contactValues, insertAt, renderForCounter, withOptOutLine } from './render-template';
import { SmsCounter } from './sms-counter';

const PREVIEW_DEBOUNCE_MS = 400;

export function ComposePage() {
  const api = useApi();
  const [, navigate] = useLocation();
  const [name, setName] = useState('');
  const [type, setType] = useState<MessageType>('text');
  const [template, setTemplate] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [transactional, setTransactional] = useState(false);
  const [scheduleLocal, setScheduleLocal] = useState('');
  const [pickedContact, setPickedContact] = useState<Contact | null>(null);
  const [submitError, setSubmitError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState<Submission | null>(null);
  const [confirmingSend, setConfirmingSend] = useState(false);
  const [savedDraftId, setSavedDraftId] = useState<number | null>(null);
  const templateRef = useRef<HTMLTextAreaElement>(null);

  const settings = useQuery(() => api.settings.get(), [api]);
  const tagCounts = useQuery(() => api.tags(), [api]);

  const previewRequest = useMemo<PreviewRequest>(
    () => ({ template, type, tags, transactional, ...(pickedContact ? { contactId: pickedContact.id } : {}) }),
    [template, type, tags, transactional, pickedContact],
  );
  const debouncedRequest = useDebouncedValue(previewRequest, PREVIEW_DEBOUNCE_MS);
  const preview = useQuery((signal) => api.campaigns.preview(debouncedRequest, signal), [api, debouncedRequest], {
    skip: debouncedRequest.template.trim() === '',
  });
  const previewIsCurrent = debouncedRequest === previewRequest;

  const optOutText = transactional || type === 'image' ? null : (settings.data?.optOutText ?? null);
  const local = renderForCounter(template, pickedContact ? contactValues(pickedContact) : SAMPLE_VALUES);
  const rendered = withOptOutLine(local.text, optOutText);
  const placeholderNames = [
    ...BUILT_IN_PLACEHOLDERS,
    ...Object.keys(pickedContact?.fields ?? {}).filter((key) => !BUILT_IN_PLACEHOLDERS.includes(key)),
  ];

  const templateProblem =
    template.trim() === ''
      ? undefined
      : (local.error ?? fieldError(submitError, 'template') ?? (previewIsCurrent ? templateErrorFrom(preview.error) : undefined) ?? preview.data?.error);

  function insertPlaceholder(placeholder: string) {
    const area = templateRef.current;
    const start = area?.selectionStart ?? template.length;
    const end = area?.selectionEnd ?? template.length;
    const next = insertAt(template, start, end, placeholder);
    setTemplate(next.value);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(next.caret, next.caret);
    });
  }

  function campaignToCreate(withSchedule: boolean): NewCampaign | Error {
    if (name.trim() === '') return new ApiError(400, 'invalid_input', 'Give the campaign a name.', 'name');
    if (template.trim() === '') return new ApiError(400, 'invalid_input', 'Write the message first.', 'template');
    const campaign: NewCampaign = { name: name.trim(), template, type, tags, transactional };
    if (!withSchedule) return campaign;
    const at = karachiLocalToIso(scheduleLocal);
    if (!at) return new ApiError(400, 'invalid_input', 'Pick the date and time to send (Karachi time).', 'scheduledAt');
    return { ...campaign, scheduledAt: at };
  }

  async function submit(kind: Submission) {
    const campaign = campaignToCreate(kind === 'schedule');
    if (campaign instanceof Error) {
      setSubmitError(campaign);
      setConfirmingSend(false);
      return;
    }
    setBusy(kind);
    setSubmitError(undefined);
    try {
      const id = savedDraftId ?? (await api.campaigns.create(campaign)).campaign.id;
      if (kind === 'send') {
        setSavedDraftId(id);
        await api.campaigns.act(id, 'start');
      }
      navigate(`/campaigns/${id}`);
    } catch (failure) {
      setSubmitError(failure);
      setBusy(null);
      setConfirmingSend(false);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit('draft');
  }

  const minSchedule = isoToKarachiLocal(new Date().toISOString());

  return (
    <section aria-labelledby="compose-title">
      <p className="breadcrumb">
        <Link href="/campaigns">Campaigns</Link> /
      </p>
      <h1 id="compose-title">New campaign</h1>
      <form className="compose" onSubmit={onSubmit} noValidate>
        <div className="compose-main">
          <Field label="Campaign name" error={fieldError(submitError, 'name')}>
            <input value={name} maxLength={100} onChange={(event) => setName(event.target.value)} placeholder="Friday biryani offer" />
          </Field>

          <fieldset className="inline-options">
            <legend>Type</legend>
            <label>
              <input type="radio" name="type" value="text" checked={type === 'text'} onChange={() => setType('text')} /> Text
            </label>
            <label>
              <input type="radio" name="type" value="image" checked={type === 'image'} onChange={() => setType('image')} /> Image
            </label>
          </fieldset>

          <Field
            label={type === 'image' ? 'Image URL' : 'Message'}
            error={templateProblem}
            hint={type === 'image' ? 'An http(s) address of the picture; placeholders work here too.' : undefined}
          >
            <textarea
              ref={templateRef}
              className="template-editor sms-text"
              dir="auto"
              rows={type === 'image' ? 2 : 6}
              value={template}
              onChange={(event) => setTemplate(event.target.value)}
              placeholder={type === 'image' ? 'https://…' : 'Assalam-o-Alaikum {{first_name}}! …'}
              data-testid="template-editor"
            />
          </Field>
          <PlaceholderButtons names={placeholderNames} onInsert={insertPlaceholder} />
          {type === 'text' ? (
            <SmsCounter text={rendered} note={counterNote(pickedContact, optOutText)} />
          ) : null}

          <label className="checkbox">
            <input type="checkbox" checked={transactional} onChange={(event) => setTransactional(event.target.checked)} />
            Transactional (order updates, not marketing): no opt-out line, not held during quiet hours
          </label>
          {!transactional && settings.data ? (
            <p className="muted small">
              Promotional: this line is added to every message:{' '}
              <span className="sms-text" dir="auto">
                “{settings.data.optOutText}”
              </span>
            </p>
          ) : null}
          <ErrorNotice error={settings.error} />

          <AudiencePicker tags={tagCounts.data ?? []} selected={tags} onChange={setTags} error={fieldError(submitError, 'tags')} />
          <ErrorNotice error={tagCounts.error} />

          <Field
            label="Schedule for (Karachi time, optional)"
            error={fieldError(submitError, 'scheduledAt')}
            hint="Only used by the Schedule button."
          >
            <input type="datetime-local" value={scheduleLocal} min={minSchedule} onChange={(event) => setScheduleLocal(event.target.value)} />
          </Field>

          <ErrorNotice error={submitErrorWithoutField(submitError)} testId="compose-error" />
          {savedDraftId !== null ? (
            <p className="notice notice-warning">
              The campaign was saved as a draft but did not start. <Link href={`/campaigns/${savedDraftId}`}>Open it</Link>.
            </p>
          ) : null}

          <ComposeButtons
            busy={busy}
            draftSaved={savedDraftId !== null}
            confirmingSend={confirmingSend}
            sendSummary={sendSummary(previewIsCurrent ? preview.data : undefined)}
            onSubmit={(kind) => void submit(kind)}
            onConfirmSend={setConfirmingSend}
          />
        </div>

        <ComposePreview
          template={template}
          preview={preview}
          previewIsCurrent={previewIsCurrent}
          pickedContact={pickedContact}
          onPickContact={setPickedContact}
        />
      </form>
    </section>
  );
}

function submitErrorWithoutField(error: unknown): unknown {
  return error instanceof ApiError && error.field !== undefined && ['name', 'template', 'tags', 'scheduledAt'].includes(error.field)
    ? undefined
    : error;
}

function sendSummary(preview: CampaignPreview | undefined): string {
  if (!preview) return 'Send now to the audience?';
  return `Send now to ${formatCount(preview.recipients)} recipients (${formatCount(preview.segments.total)} SMS units)?`;
}

function counterNote(contact: Contact | null, optOutText: string | null): string {
  const who = contact ? `for ${contact.name || `+${contact.phone}`}` : 'with a sample name';
  return `Counted on the whole message ${who}${optOutText ? ', including the opt-out line' : ''}.`;
}
