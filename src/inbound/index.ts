/** Customers' replies: STOP / START keywords (English and Urdu) and storing what they sent. */
export {
  createKeywordMatcher,
  DEFAULT_OPT_IN_KEYWORDS,
  DEFAULT_OPT_OUT_KEYWORDS,
  foldKeyword,
  type InboundAction,
  type KeywordMatcher,
  type KeywordOptions,
} from './keywords.js';
export { handleInbound, type InboundDeps, type InboundResult, type InboundSms } from './handle-inbound.js';
