import type { AccountHold } from '../store/outbox/index.js';

/**
 * Why messages wait while the gateway refuses the account, in the words staff act on. The one
 * owner of this sentence: the API, the dashboard and `campaign status` all show it.
 */
export function accountHoldNotice(hold: Pick<AccountHold, 'code' | 'message'>): string {
  switch (hold.code) {
    case 'insufficient_balance':
      return 'waiting: the account has no SMS units left — top up, then resume';
    case 'auth':
      return "waiting: the gateway does not accept the account's API token — fix SMSAPP_API_TOKEN, then resume";
    case 'config':
      return 'waiting: the gateway address is wrong — fix SMSAPP_API_URL, then resume';
    default:
      return `waiting: the gateway refused the account ("${hold.message}") — fix it with the SMS provider, then resume`;
  }
}
