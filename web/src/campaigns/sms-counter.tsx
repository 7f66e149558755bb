import { measureSms } from '../sms/measure';
import { formatCount } from '../ui/format';

const GSM_SINGLE = 160;
const GSM_PART = 153;
const UCS_SINGLE = 70;
const UCS_PART = 67;

/** Characters, encoding and segments of the rendered message, recomputed on every keystroke. */
export function SmsCounter({ text, note }: { text: string; note?: string }) {
  const shape = measureSms(text);
  const single = shape.encoding === 'GSM-7' ? GSM_SINGLE : UCS_SINGLE;
  const part = shape.encoding === 'GSM-7' ? GSM_PART : UCS_PART;
  const perSegment = shape.segments > 1 ? part : single;
  return (
    <div className="sms-counter" aria-live="polite" data-testid="sms-counter">
      <p className="counter-figures">
        <span data-testid="counter-characters">
          <strong>{formatCount(shape.characters)}</strong> characters
        </span>
        <span data-testid="counter-encoding" className={`encoding encoding-${shape.encoding === 'GSM-7' ? 'gsm' : 'ucs'}`}>
          {shape.encoding}
        </span>
        <span data-testid="counter-segments">
          <strong>{formatCount(shape.segments)}</strong> {shape.segments === 1 ? 'segment' : 'segments'}
        </span>
      </p>
      <p className="muted small">
        {shape.encoding} carries {perSegment} characters per segment{shape.segments > 1 ? ' in a long message' : ''}.
        {note ? ` ${note}` : ''}
        {shape.nonGsmCharacters.length > 0 ? (
          <>
            {' '}
            UCS-2 because of: <span className="sms-text" dir="auto">{[...new Set(shape.nonGsmCharacters)].slice(0, 12).join(' ')}</span>
          </>
        ) : null}
      </p>
    </div>
  );
}
