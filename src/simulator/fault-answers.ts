import {
  bareJson,
  failure,
  htmlPage,
  isSuccessEnvelope,
  plainText,
  TOO_MANY_ATTEMPTS,
  tooManyRequests,
  unauthenticated,
  type Answer,
} from './answers.js';
import type { ApiOperation, FaultRule } from './types.js';

/**
 * The answer of a fault that stops a call before it is processed, or undefined for the kinds that
 * let it be processed (cuts, unexpected_shape, delay). Bodies are what sits in front of the
 * platform: Laravel's own JSON for 500, nginx pages for 502–504, a proxy's page for html_200.
 */
export function unprocessedFaultAnswer(rule: FaultRule, wantsJson: boolean): Answer | undefined {
  switch (rule.kind) {
    case 'http_500':
      return bareJson(500, { message: 'Server Error' });
    case 'http_502':
      return htmlPage(502, '502 Bad Gateway');
    case 'http_503':
      return htmlPage(503, '503 Service Temporarily Unavailable');
    case 'http_504':
      return htmlPage(504, '504 Gateway Time-out');
    case 'http_429':
      return tooManyRequests(rule.retryAfterSeconds ?? 1);
    case 'throttle_envelope':
      return failure(TOO_MANY_ATTEMPTS);
    case 'unauthenticated':
      return unauthenticated(wantsJson);
    case 'html_200':
      return htmlPage(200, 'Just a moment...', 'Checking your browser before accessing connect.smsapp.pk');
    case 'not_json':
      return plainText(200, 'OK');
    default:
      return undefined;
  }
}

/**
 * A success whose `data` is not what anyone documented: the doc's own placeholder string for
 * single-record calls, an unknown object for bulk and list. Failures pass unchanged.
 */
export function withUnexpectedShape(answer: Answer, operation: ApiOperation): Answer {
  if (!isSuccessEnvelope(answer)) return answer;
  const data = operation === 'send' || operation === 'get' ? 'sms reports with all details' : { foo: 1 };
  return { ...answer, body: { ...answer.body, data } };
}
