/** The signal of one attempt of a call, and what ended it. */
export interface AttemptSignal {
  signal: AbortSignal;
  /** True when the attempt's own deadline aborted it (not the caller). */
  timedOut(): boolean;
  /** Stops the deadline and lets go of the caller's signal; call once the attempt is over. */
  dispose(): void;
}

/**
 * Aborted by the caller's signal or by the attempt's deadline, whichever comes first, with the
 * same reasons AbortSignal.timeout/any give. One controller and one timer per attempt: the
 * AbortSignal.timeout + AbortSignal.any pair costs more per call, and `any` ties every attempt to
 * the caller's long-lived signal until garbage collection.
 */
export function attemptSignal(timeoutMs: number, callerSignal: AbortSignal | undefined): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, timeoutMs);
  // Like AbortSignal.timeout's timer, the deadline alone does not keep the process alive.
  timer.unref();
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
