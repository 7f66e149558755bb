/** Helpers of the SIGKILL crash tests: environment, customers, worker processes, the exactly-once audit. */
export { createCrashEnv, expectedBody, TEMPLATE, TOKEN, type CampaignStatus, type CrashEnv, type CrashEnvOptions } from './crash-env.js';
export { customer, customers, writeCustomersCsv, type Customer } from './customers.js';
export { auditDeliveries, CLEAN_AUDIT, doubledNumbers, type DeliveryAudit } from './exactly-once.js';
export { seededRandom, type SeededRandom } from './seeded-random.js';
export {
  killRepeatedly,
  runUntilIdle,
  startWorkers,
  waitForWorkerStart,
  type KillLoopOptions,
  type KillRound,
  type WorkerSummary,
} from './worker-process.js';
export { claimedRows, rowStateByPhone, rowStates, unsettled, UNSETTLED, waitUntil } from './outbox-probe.js';
export { expectEveryoneOnceAndCampaignCompleted } from './expect-campaign-done.js';
