import { CafeError } from '../errors/index.js';
import { attemptRequest, type GatewayAnswer, type GatewayRequest, type RequestContext } from './request.js';
import type { CallLimiter } from './call-limit.js';
import { retryDelayMs, shouldRetry, type BackoffPolicy } from './retry.js';

export interface RetrySettings {
  maxAttempts: number;
  /** false: a throttled send is answered at once as rate_limited, for a caller that paces itself. */
  retryThrottledSends: boolean;
  backoff: BackoffPolicy;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  now: () => number;
  request: RequestContext;
}

export type RetryingCaller = (request: GatewayRequest, signal: AbortSignal | undefined) => Promise<GatewayAnswer>;

/**
 * Makes the function that performs one call with its retries. Calls made through the same caller
 * share one cool-down: when the gateway throttles any of them, all wait until the same "not
 * before" time, so parallel bulk calls do not keep hammering a throttled gateway. They also share
 * the gateway's call limit as `limiter` learns it: every attempt books its moment under it.
 */
export function createRetryingCaller(settings: RetrySettings, limiter: CallLimiter): RetryingCaller {
  const coolDown = { notBefore: 0 };

  async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await settings.sleep(ms, signal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw error;
    }
    signal?.throwIfAborted();
  }

  async function waitOutCoolDown(signal: AbortSignal | undefined): Promise<void> {
    const wait = coolDown.notBefore - settings.now();
    if (wait > 0) await pause(wait, signal);
  }

  /** Throws the last attempt's CafeError, or the caller's abort reason. */
  return async function call(request, signal) {
    for (let attempt = 1; ; attempt += 1) {
      signal?.throwIfAborted();
      await waitOutCoolDown(signal);
      const slotWait = limiter.reserve();
      if (slotWait > 0) await pause(slotWait, signal);
      for (let wait = limiter.admit(); wait > 0; wait = limiter.admit()) await pause(wait, signal);
      try {
        return await attemptRequest(settings.request, request, attempt, signal);
      } catch (error) {
        if (signal?.aborted || !(error instanceof CafeError)) throw error;
        const wait = retryDelayMs(error, attempt, settings.backoff, settings.random);
        // A throttled gateway throttles everyone: the wait goes into the shared cool-down.
        if (error.code === 'rate_limited') {
          limiter.throttled();
          coolDown.notBefore = Math.max(coolDown.notBefore, settings.now() + wait);
        }
        if (!shouldRetry(error, request.operation, attempt, settings.maxAttempts)) throw error;
        if (error.code === 'rate_limited' && request.operation === 'send' && !settings.retryThrottledSends) throw error;
        settings.request.logger.debug({ attempt, code: error.code, waitMs: wait }, 'gateway call will be retried');
        if (error.code !== 'rate_limited') await pause(wait, signal);
      }
    }
  };
}
