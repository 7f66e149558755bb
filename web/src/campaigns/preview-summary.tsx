import type { BalanceView, CampaignPreview } from '../api/types';
import { formatCount, formatRupees } from '../ui/format';
import { BalanceWarning } from './balance-warning';

const EXCLUSION_LABELS: Record<string, string> = {
  optedOut: 'opted out',
  invalidPhone: 'invalid phone',
  emptyMessage: 'empty message',
  invalidImageUrl: 'not an image URL',
  tooLong: 'message too long to send',
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
            {exclusions.length === 0
              ? 'none'
              : exclusions.map(([key, count]) => `${formatCount(count)} ${exclusionLabel(key)}`).join(', ')}
          </dd>
        </div>
        <div>
          <dt>Total SMS units</dt>
          <dd data-testid="preview-units">
            {formatCount(preview.segments.total)}
            {unitPrice !== null ? <span data-testid="preview-cost"> · {formatRupees(preview.segments.total * unitPrice)}</span> : null}
            {preview.segments.max > 1 ? <span className="muted"> (up to {formatCount(preview.segments.max)} per message)</span> : null}
          </dd>
        </div>
        {encodings.length > 0 ? (
          <div>
            <dt>Encoding</dt>
            <dd>{encodings.map(([encoding, count]) => `${formatCount(count ?? 0)} ${encoding}`).join(', ')}</dd>
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
            <span className="phone">+{sample.phone}</span>
          </p>
          {sample.excluded ? (
            <p className="notice notice-warning" data-testid="sample-excluded">
              Would not be sent to this contact: {EXCLUSION_LABELS[sample.excluded] ?? sample.excluded}.
            </p>
          ) : null}
          <p className="sms-bubble sms-text" dir="auto">
            {sample.body}
          </p>
          <p className="muted small">
            {formatCount(sample.characters)} characters · {sample.encoding} · {formatCount(sample.segments)}{' '}
            {sample.segments === 1 ? 'segment' : 'segments'}
          </p>
        </li>
      ))}
    </ul>
  );
}
