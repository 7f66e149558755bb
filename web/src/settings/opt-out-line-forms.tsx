import { optOutLineVariants } from '../campaigns/render-template';
import { SmsLines } from '../ui/sms-lines';

/**
 * How messages will end, each language on its own line and in its own direction: typed into one
 * box, the Urdu half of a bilingual line reads in the wrong order.
 */
export function OptOutLineForms({ optOutText }: { optOutText: string }) {
  const variants = optOutLineVariants(optOutText.trim() === '' ? null : optOutText);
  if (variants === null) return null;
  return (
    <dl className="facts" data-testid="opt-out-line-forms">
      {variants.english === variants.other ? (
        <div>
          <dt>Every promotional message ends with</dt>
          <dd>
            <SmsLines text={variants.english} testId="opt-out-line-every" />
          </dd>
        </div>
      ) : (
        <>
          <div>
            <dt>English messages end with</dt>
            <dd>
              <SmsLines text={variants.english} testId="opt-out-line-english" />
            </dd>
          </div>
          <div>
            <dt>Urdu messages end with</dt>
            <dd>
              <SmsLines text={variants.other} testId="opt-out-line-urdu" />
            </dd>
          </div>
        </>
      )}
    </dl>
  );
}
