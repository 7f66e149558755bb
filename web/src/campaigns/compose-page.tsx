import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError, fieldError, withoutFieldError } from '../api/api-error';
import type { CampaignPreview, Contact, MessageType, NewCampaign, PreviewRequest } from '../api/types';
import { useApi } from '../session/session-context';
import { formatKarachi, isoToKarachiLocal, karachiLocalToIso } from '../time/karachi';
import { quietHoursWaitUntil } from '../time/quiet-hours';
import { Field } from '../ui/field';
import { formatUnits, plural } from '../ui/format';
import { SmsLines } from '../ui/sms-lines';
import { WhyDetail } from '../ui/why-detail';
import { ErrorNotice, InfoNotice } from '../ui/notices';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { useQuery } from '../ui/use-query';
import { useBalance } from '../overview/use-balance';
import { AudiencePicker } from './audience-picker';
import { BalanceWarning } from './balance-warning';
import { ComposeButtons, type Submission } from './compose-buttons';
import { ComposePreview, templateErrorFrom } from './compose-preview';
import { PlaceholderButtons } from './placeholder-buttons';
import {
  BUILT_IN_PLACEHOLDERS,
  SAMPLE_VALUES,
  contactValues,
  insertAt,
  optOutLineFor,
  optOutLineVariants,
  renderForCounter,
  withOptOutLine,
} from './render-template';
import { SmsCounter } from './sms-counter';
import { phoneForStaff } from '../../../src/sms/phone-for-staff.js';

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
  /** The draft a failed "Send now" left behind, and the form as it was saved. */
  const [savedDraft, setSavedDraft] = useState<{ id: number; campaign: NewCampaign } | null>(null);
  const templateRef = useRef<HTMLTextAreaElement>(null);

  const settings = useQuery(() => api.settings.get(), [api]);
  const balance = useBalance();
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
      : (local.error ?? fieldError(submitError, 'template') ?? (previewIsCurrent ? templateErrorFrom(preview.error) : undefined));

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
      // Only the draft saved from exactly this form may be started; after any edit, the edits are
      // saved as a new campaign (the API has no update) and that one is sent.
      const reusable = kind === 'send' && savedDraft !== null && sameCampaign(savedDraft.campaign, campaign) ? savedDraft.id : null;
      const id = reusable ?? (await api.campaigns.create(campaign)).campaign.id;
      if (kind === 'send') {
        if (reusable === null) setSavedDraft({ id, campaign });
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
  const currentCampaign = campaignToCreate(false);
  const draftIsStale = savedDraft !== null && (currentCampaign instanceof Error || !sameCampaign(savedDraft.campaign, currentCampaign));
  const quietHours = transactional ? null : (settings.data?.quietHours ?? null);
  const sendWaitsUntil = confirmingSend ? quietHoursWaitUntil(quietHours, new Date().toISOString()) : null;
  const sendQuietNote = sendWaitsUntil
    ? `It is quiet hours now (${quietHours} Karachi): promotional messages wait until ${formatKarachi(sendWaitsUntil)} (Karachi), ` +
      'then go by themselves.'
    : undefined;
  const sendRefusal =
    previewIsCurrent && preview.data?.recipients === 0
      ? 'Nobody would get this: no contact in the audience can receive it (check the tags, and who opted out). ' +
        'Pick an audience with recipients first.'
      : undefined;
  const scheduleIso = karachiLocalToIso(scheduleLocal);
  const scheduleWaitsUntil = scheduleIso ? quietHoursWaitUntil(quietHours, scheduleIso) : null;

  return (
    <section aria-labelledby="compose-title">
      <p className="breadcrumb">
        <Link href="/campaigns">Campaigns</Link> /
      </p>
      <h1 id="compose-title">New campaign</h1>
      <form className="compose" onSubmit={onSubmit} noValidate>
        <div className="compose-main">
          <Field label="Campaign name" error={fieldError(submitError, 'name')}>
            <input
              value={name}
              maxLength={100}
              onChange={(event) => {
                setName(event.target.value);
                setSubmitError((current: unknown) => withoutFieldError(current, 'name'));
              }}
              placeholder="Friday biryani offer"
            />
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
              onChange={(event) => {
                setTemplate(event.target.value);
                setSubmitError((current: unknown) => withoutFieldError(current, 'template'));
              }}
              placeholder={type === 'image' ? 'https://…' : 'Assalam-o-Alaikum {{first_name}}! …'}
              data-testid="template-editor"
            />
          </Field>
          <PlaceholderButtons names={placeholderNames} onInsert={insertPlaceholder} />
          {type === 'text' ? (
            <SmsCounter text={rendered} note={counterNote(pickedContact, optOutText)} unitPrice={balance.data?.unitPrice} />
          ) : null}

          <label className="checkbox">
            <input type="checkbox" checked={transactional} onChange={(event) => setTransactional(event.target.checked)} />
            Transactional (order updates, not marketing): no opt-out line, not held during quiet hours
          </label>
          {!transactional && settings.data ? (
            type === 'image' ? (
              <p className="muted small" data-testid="opt-out-line-note">
                Promotional image: image messages carry no opt-out line.
              </p>
            ) : (
              <OptOutLineNote body={local.text} optOutText={settings.data.optOutText} />
            )
          ) : null}
          <ErrorNotice error={settings.error} />

          <AudiencePicker
            tags={tagCounts.data ?? []}
            selected={tags}
            onChange={(next) => {
              setTags(next);
              setSubmitError((current: unknown) => withoutFieldError(current, 'tags'));
            }}
            error={fieldError(submitError, 'tags')}
          />
          <ErrorNotice error={tagCounts.error} />

          <Field
            label="Schedule for (Karachi time, optional)"
            error={fieldError(submitError, 'scheduledAt')}
            hint="Only used by the Schedule button."
          >
            <input
              type="datetime-local"
              value={scheduleLocal}
              min={minSchedule}
              onChange={(event) => {
                setScheduleLocal(event.target.value);
                setSubmitError((current: unknown) => withoutFieldError(current, 'scheduledAt'));
              }}
            />
          </Field>
          {scheduleWaitsUntil ? (
            <InfoNotice testId="schedule-quiet-hours">
              That time is in quiet hours ({quietHours} Karachi): promotional messages would wait until
              {formatKarachi(scheduleWaitsUntil)} (Karachi).
            </InfoNotice>
          ) : null}

          <ErrorNotice error={submitErrorWithoutField(submitError)} testId="compose-error" />
          {savedDraft !== null && !draftIsStale ? (
            <p className="notice notice-warning" data-testid="draft-saved-notice">
              The campaign was saved as a draft but did not start. <Link href={`/campaigns/${savedDraft.id}`}>Open it</Link>, or try “Send
              now” again.
            </p>
          ) : null}
          {savedDraft !== null && draftIsStale ? (
            <p className="notice notice-warning" data-testid="draft-saved-notice">
              The form changed since it was saved as draft #{savedDraft.id}, which did not start. “Send now” will save what is on screen as
              a new campaign and send that; the earlier draft stays unsent (<Link href={`/campaigns/${savedDraft.id}`}>open it</Link> to
              cancel it).
            </p>
          ) : null}

          <ComposeButtons
            busy={busy}
            draftSaved={savedDraft !== null && !draftIsStale}
            sendNote={sendQuietNote}
            sendRefusal={sendRefusal}
            confirmingSend={confirmingSend}
            sendSummary={sendSummary(previewIsCurrent ? preview.data : undefined, balance.data?.unitPrice)}
            sendWarning={
              previewIsCurrent && preview.data ? (
                <BalanceWarning preview={preview.data} balance={balance.data} testId="confirm-send-shortfall" />
              ) : undefined
            }
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

/** The line this message gets (English messages only its English sentence), and the other form when it differs. */
function OptOutLineNote({ body, optOutText }: { body: string; optOutText: string }) {
  const line = optOutLineFor(body, optOutText);
  const variants = optOutLineVariants(optOutText);
  if (line === null) return null;
  const other = variants && variants.english !== variants.other ? (line === variants.english ? variants.other : variants.english) : null;
  return (
    <div className="muted small" data-testid="opt-out-line-note">
      <p>
        Promotional: this message ends with the line <SmsLines text={line} testId="opt-out-line" />
      </p>
      {other !== null ? (
        <div>
          {line === variants?.english ? 'Messages in Urdu (or with special letters) end with ' : 'Messages in English end with only '}
          <SmsLines text={other} testId="opt-out-line-other" />
          {line === variants?.english ? (
            <WhyDetail>
              The Urdu sentence is left off English messages: one Urdu letter switches a whole message from GSM-7 to UCS-2, which fits 70
              characters in an SMS instead of 160 and would double what every message costs.
            </WhyDetail>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function sameCampaign(a: NewCampaign, b: NewCampaign): boolean {
  return (
    a.name === b.name &&
    a.template === b.template &&
    a.type === b.type &&
    a.transactional === b.transactional &&
    a.tags.length === b.tags.length &&
    a.tags.every((tag) => b.tags.includes(tag))
  );
}

function submitErrorWithoutField(error: unknown): unknown {
  return error instanceof ApiError && error.field !== undefined && ['name', 'template', 'tags', 'scheduledAt'].includes(error.field)
    ? undefined
    : error;
}

function sendSummary(preview: CampaignPreview | undefined, unitPrice: number | null | undefined): string {
  if (!preview) return 'Send now to the audience?';
  return `Send now to ${plural(preview.recipients, 'recipient')} (${formatUnits(preview.segments.total, unitPrice)})?`;
}

function counterNote(contact: Contact | null, optOutText: string | null): string {
  const who = contact ? `for ${contact.name || phoneForStaff(contact.phone)}` : 'with a sample name';
  return `Counted on the whole message ${who}${optOutText ? ', including the opt-out line' : ''}.`;
}
