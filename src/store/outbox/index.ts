/**
 * Outbox queries: one small module per state change, each taking `db` first (a transaction too).
 * The worker loop in src/outbox composes them and holds no SQL itself.
 */
export { claimBatch, type ClaimedBatch, type ClaimedRow, type ClaimOptions } from './claim-batch.js';
export { anyCampaignRunning, sendableCampaignIds } from './running-campaigns.js';
export { recordOutcomes, type OutcomeUpdate, type RecordOptions, type RecordResult } from './record-outcomes.js';
export { processExists, releaseOrphans, type OrphanCheckOptions, type OrphanCheckResult } from './release-orphans.js';
export {
  forgetStoppedWorkers,
  listActiveWorkers,
  markWorkerStopped,
  registerWorker,
  writeHeartbeat,
  type WorkerIdentity,
} from './heartbeat.js';
export { busyMessageKeys, loadSyncNeeds, type RowAwaitingMatch, type SyncNeeds } from './sync-needs.js';
export {
  applyReconciliation,
  uidsInUse,
  type FoundRecord,
  type ReconcileOptions,
  type ReconcilePlan,
  type ReconcileResult,
} from './reconcile-unknown.js';
export {
  countTracked,
  dueDeliveryChecks,
  scheduleDeliveryCheck,
  stopTrackingOld,
  summariseTracked,
  trackedRowsByUid,
  updateDelivery,
  type DeliveryResult,
  type DeliveryUpdate,
  type DueCheck,
  type TrackedRow,
  type TrackedSummary,
} from './update-delivery.js';
export { readSyncValue, SYNC_KEYS, writeSyncValue } from './sync-state.js';
export { clearAccountHold, makeHeldMessagesDue, readAccountHold, recordAccountHold, type AccountHold } from './account-hold.js';
export { inboundExists, insertInboundMessage, listInboundMessages, type NewInbound } from './inbound-messages.js';
export { countPromotionalQueued, outstandingWork, type OutstandingWork } from './work-counts.js';
export { findOutboxMessage, insertOneOff, type InsertOneOffResult } from './insert-one-off.js';
export { insertOutboxMessages } from './insert-messages.js';
export { chargeSharedPace, takeSharedPaceTurn } from './shared-pace.js';
export { readGatewayCallLimit, saveGatewayCallLimit } from './gateway-limit.js';
export { listLeases, releaseLease, takeLease } from './leases.js';
