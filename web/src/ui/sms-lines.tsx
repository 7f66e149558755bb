import { Fragment } from 'react';
import { readsRightToLeft } from '../../../src/sms/opt-out-line.js';

/**
 * The direction of a whole message, by its first letter as a phone decides it. A box around
 * SmsLines needs it set: `dir="auto"` skips the text inside <bdi>, so it would always guess ltr.
 */
export function smsDirection(text: string): 'rtl' | 'ltr' {
  return readsRightToLeft(text) ? 'rtl' : 'ltr';
}

/**
 * Text of an SMS, each line isolated in its own reading direction: inside a left-to-right
 * sentence an Urdu line ("بند کرنے کے لیے STOP بھیجیں") would show its words in the wrong order.
 * The direction is set, not guessed (`dir="rtl"`), with the rule the message itself was built by.
 */
export function SmsLines({ text, testId }: { text: string; testId?: string }) {
  const lines = text.split('\n');
  return (
    <span className="sms-text" data-testid={testId}>
      {lines.map((line, index) => (
        <Fragment key={index}>
          {index > 0 ? <br /> : null}
          <bdi dir={smsDirection(line)} data-testid="sms-line">
            {line}
          </bdi>
        </Fragment>
      ))}
    </span>
  );
}
