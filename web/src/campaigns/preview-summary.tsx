import type { BalanceView, CampaignPreview } from '../api/types';
import { formatCount, formatRupees, plural } from '../ui/format';
import { SmsLines, smsDirection } from '../ui/sms-lines';
import { WhyDetail } from '../ui/why-detail';
import { BalanceWarning } from './balance-warning';
import { phoneForStaff } from '../../../src/sms/phone-for-staff.js';

const EXCLUSION_LABELS: Record<string, string> = {
  optedOut: 'opted out',
  invalidPhone: 'invalid phone',
  emptyMessage: 'empty message',
  invalidImageUrl: 'not an image URL',
  tooLong: 'message too long to send',
};

/** What each encoding means to staff: which letters the messages hold. */
const LETTERS_BY_ENCODING: Record<string, string> = {
  'GSM-7': 'with basic letters only',
  'UCS-2': 'with Urdu or special letters',
};

function exclusionLabel(key: string): string {
  return EXCLUSION_LABELS[key] ?? key.replace(/([A-Z])/g, ' $1').toLowerCase();
}

/**
 * Recipient counts, exclusions and the SMS units the audience will cost (in rupees too when the
 * server knows the price); with `warnShortfall`, a warning when the account has fewer units left.
 */
export function AudienceFigures({
  preview,
  balance,
  warnShortfall = false,
}: {
  preview: CampaignPreview;
  balance?: BalanceView | undefined;
  warnShortfall?: boolean;
}) {
  const unitPrice = balance?.unitPrice ?? null;
  const exclusions = Object.entries(preview.excluded).filter(([, count]) => typeof count === 'number' && count > 0);
  const encodings = Object.entries(preview.byEncoding).filter(([, count]) => (count ?? 0) > 0);
  return (
    <>
      <dl className="facts" data-testid="audience-figures">
        <div>
          <dt>Recipients</dt>
          <dd data-testid="preview-recipients">{formatCount(preview.recipients)}</dd>
        </div>
        <div>
          <dt>Excluded</dt>
          <dd data-testid="preview-excluded">
            {exclusions.length === 0 ? 'none' : exclusions.map(([key, count]) => `${formatCount(count)} ${exclusionLabel(key)}`).join(', ')}
          </dd>
        </div>
        <div>
          <dt>Total SMS units</dt>
          <dd data-testid="preview-units">
            {formatCount(preview.segments.total)}
            {unitPrice !== null ? <span data-testid="preview-cost"> · {formatRupees(preview.segments.total * unitPrice)}</span> : null}
            {preview.segments.max > 1 ? <span className="muted"> (up to {formatCount(preview.segments.max)} SMS per message)</span> : null}
          </dd>
        </div>
        {encodings.length > 0 ? (
          <div>
            <dt>Letters</dt>
            <dd data-testid="preview-letters">
              {encodings.map(([encoding, count]) => `${formatCount(count ?? 0)} ${LETTERS_BY_ENCODING[encoding] ?? encoding}`).join(', ')}
              <WhyDetail>
                Basic letters travel as GSM-7 (160 characters in one SMS), Urdu or special letters as UCS-2 (70): by encoding,{' '}
                {encodings.map(([encoding, count]) => `${formatCount(count ?? 0)} ${encoding}`).join(', ')}.
              </WhyDetail>
            </dd>
          </div>
        ) : null}
      </dl>
      {warnShortfall ? <BalanceWarning preview={preview} balance={balance} testId="preview-shortfall" /> : null}
    </>
  );
}

/** The first rendered messages, exactly as the customers will receive them. */
export function PreviewSamples({ preview }: { preview: CampaignPreview }) {
  if (preview.samples.length === 0) return <p className="muted">No recipient to preview.</p>;
  return (
    <ul className="sample-list" data-testid="preview-samples">
      {preview.samples.map((sample, index) => (
        <li key={`${index}-${sample.phone}`} className="sample">
          <p className="sample-to">
            To{' '}
            {sample.name ? (
              <>
                <bdi>{sample.name}</bdi> ·{' '}
              </>
            ) : null}
            <span className="phone">{phoneForStaff(sample.phone)}</span>
          </p>
          {sample.excluded ? (
            <p className="notice notice-warning" data-testid="sample-excluded">
              Would not be sent to this contact: {EXCLUSION_LABELS[sample.excluded] ?? sample.excluded}.
            </p>
          ) : null}
          <p className="sms-bubble sms-text" dir={smsDirection(sample.body)}>
            <SmsLines text={sample.body} />
          </p>
          <div className="muted small" data-testid="sample-size">
            {plural(sample.characters, 'character')} · {plural(sample.segments, 'SMS part')}
            <WhyDetail>
              Sent as {sample.encoding}:{' '}
              {sample.encoding === 'GSM-7'
                ? '160 characters in one SMS, 153 per part of a longer one'
                : '70 characters in one SMS, 67 per part of a longer one, because of Urdu or special letters'}
              .
            </WhyDetail>
          </div>
        </li>
      ))}
    </ul>
  );
}
