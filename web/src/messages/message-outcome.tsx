import type { MessageStage, ShownAs } from '../api/types';
import { WhyDetail } from '../ui/why-detail';

/** Each stage takes the colour of the message state it stands for (colour AND words, never colour alone). */
const BADGE_CLASS: Record<MessageStage, string> = {
  waiting: 'badge-queued',
  sent: 'badge-accepted',
  delivered: 'badge-delivered',
  not_delivered: 'badge-failed',
  failed: 'badge-failed',
  not_sent: 'badge-unknown',
};

/**
 * What became of a message in staff words (the server's shownAs), with the technical reason (the
 * gateway's own status or error) behind a "why?" for whoever needs it.
 */
export function MessageOutcome({ shownAs }: { shownAs: ShownAs }) {
  return (
    <div className="message-outcome">
      <span className={`badge ${BADGE_CLASS[shownAs.stage]}`} data-testid="message-stage" data-stage={shownAs.stage}>
        {shownAs.label}
      </span>
      <WhyDetail>
        <span className="small" data-testid="message-stage-detail">
          {shownAs.detail}
        </span>
      </WhyDetail>
    </div>
  );
}
