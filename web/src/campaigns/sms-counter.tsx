import { measureSms } from '../sms/measure';
import { formatCount, formatRupees, plural } from '../ui/format';
import { WhyDetail } from '../ui/why-detail';

const GSM_SINGLE = 160;
const GSM_PART = 153;
const UCS_SINGLE = 70;
const UCS_PART = 67;

/**
 * Characters and SMS parts of the rendered message (and what one message costs, when the price
 * of an SMS unit is known), recomputed on every keystroke. Encodings stay behind "why?".
 */
export function SmsCounter({ text, note, unitPrice }: { text: string; note?: string; unitPrice?: number | null | undefined }) {
  const shape = measureSms(text);
  const basic = shape.encoding === 'GSM-7';
  const fits = basic ? GSM_SINGLE : UCS_SINGLE;
  const letters = [...new Set(shape.nonGsmCharacters)].slice(0, 12);
  return (
    <div className="sms-counter" aria-live="polite" data-testid="sms-counter">
      <p className="counter-figures">
        <span data-testid="counter-characters">
          <strong>{formatCount(shape.characters)}</strong> characters
        </span>
        <span data-testid="counter-segments">
          <strong>{formatCount(shape.segments)}</strong> SMS {shape.segments === 1 ? 'part' : 'parts'} per message
        </span>
        {typeof unitPrice === 'number' && shape.segments > 0 ? (
          <span data-testid="counter-cost">{formatRupees(shape.segments * unitPrice)} each</span>
        ) : null}
      </p>
      <div className="muted small" data-testid="counter-note">
        {basic
          ? `Up to ${fits} characters fit in one SMS.`
          : `Urdu or special letters: only ${fits} characters fit in one SMS (${GSM_SINGLE} with basic letters only).`}
        {note ? ` ${note}` : ''}
        {letters.length > 0 ? (
          <>
            {' '}
            These letters are not in the basic SMS alphabet: <bdi className="sms-text">{letters.join(' ')}</bdi>
          </>
        ) : null}
        <WhyDetail testId="counter-why">
          <span data-testid="counter-encoding" className={`encoding encoding-${basic ? 'gsm' : 'ucs'}`}>
            {shape.encoding}
          </span>
          :{' '}
          {basic
            ? 'every letter is in the basic SMS alphabet (GSM-7)'
            : 'a letter outside the basic SMS alphabet makes the whole message UCS-2'}
          , which carries {basic ? GSM_SINGLE : UCS_SINGLE} characters in one SMS and {basic ? GSM_PART : UCS_PART} per part of a longer
          one; the gateway bills each part ({plural(shape.segments, 'segment')}).
        </WhyDetail>
      </div>
    </div>
  );
}
