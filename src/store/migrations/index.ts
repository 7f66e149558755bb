import type { Migration } from 'kysely';
import * as contacts from './0001-contacts.js';
import * as campaignsOutbox from './0002-campaigns-outbox.js';
import * as access from './0003-access.js';
import * as outboxIndexes from './0004-outbox-indexes.js';
import * as consentActor from './0005-consent-actor.js';
import * as gatewayCost from './0006-gateway-cost.js';
import * as sharedState from './0007-shared-state.js';
import * as postgresClaimIndex from './0008-postgres-claim-index.js';
import * as gatewayLimit from './0009-gateway-limit.js';
import * as postgresClaimPlans from './0010-postgres-claim-plans.js';
/**
 * Every migration, in order. Listed by hand rather than read from the folder so that they ship
 * inside dist/ and bundles alike. Names are never changed once released: the database records them.
 */
export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-contacts': contacts,
  '0002-campaigns-outbox': campaignsOutbox,
  '0003-access': access,
  '0004-outbox-indexes': outboxIndexes,
  '0005-consent-actor': consentActor,
  '0006-gateway-cost': gatewayCost,
  '0007-shared-state': sharedState,
  '0008-postgres-claim-index': postgresClaimIndex,
  '0009-gateway-limit': gatewayLimit,
  '0010-postgres-claim-plans': postgresClaimPlans,
});
