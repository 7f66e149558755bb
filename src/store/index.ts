export { openStore, type OpenStoreOptions, type Store } from './open-store.js';
export { IN_MEMORY, resolveDatabasePath } from './database-url.js';
export { runMigrations, type RunMigrationsOptions } from './migrate.js';
export { migrations } from './migrations/index.js';
export type { Database } from './schema.js';
export type * from './messaging-tables.js';
export type * from './access-tables.js';
export { USER_ROLES } from './access-tables.js';
export * from './campaigns.js';
export * from './access.js';
export {
  CONSENT_CHANGES,
  CONSENT_SOURCES,
  type ConsentChange,
  type ConsentEventsTable,
  type ConsentSource,
  type ContactTables,
  type ContactTagsTable,
  type ContactsTable,
} from './contact-tables.js';
export { lockKeyForTransaction, writeTransaction } from './write-transaction.js';
export { createGroupCommit, type GroupCommit } from './group-commit.js';
export { listPlaceholders, runBulkSql, valuesPlaceholders } from './bulk-sql.js';
export { cleanName, mergeContactInputs, normalizeTag, normalizeTags, type ContactInput } from './contact-input.js';
export type { ContactFilter } from './contact-filter.js';
export {
  contactsByPhone,
  customFieldKeys,
  deleteContact,
  type DeleteContactOptions,
  findContactById,
  findContactByPhone,
  iterateContacts,
  listContacts,
  setContactName,
  touchContact,
  type Contact,
  type ContactPage,
  type ListContactsOptions,
} from './contacts.js';
export { upsertContacts, type UpsertedContact, type WriteOptions } from './upsert-contacts.js';
export { addTags, listTags, removeTags, type TagCount } from './contact-tags.js';
export { audienceIdPage, countAudience, iterateAudienceIds, type AudienceFilter, type IterateAudienceOptions } from './audience.js';
export {
  findConsentByPhone,
  listConsentEvents,
  optedOutNumbers,
  optOutMany,
  setOptIn,
  setOptOut,
  type BulkOptOut,
  type ConsentEvent,
  type ConsentOptions,
  type ConsentResult,
} from './consent.js';
export { createSeenPhones, type SeenPhones } from './seen-phones.js';
export type { Kysely } from 'kysely';
export * from './dashboard/index.js';
export { isPostgres, type DialectName } from './dialect.js';
export { isPostgresUrl, parseDatabaseUrl, resolveDatabaseUrl, type DatabaseLocation, type PostgresLocation } from './database-url.js';
export { isUniqueViolation } from './store-errors.js';
export { copyDatabase, SKIPPED_TABLES, type CopyOptions, type CopyReport } from './copy-database.js';
export {
  addSignInFailure,
  clearSignInFailures,
  deleteStaleSignInRecords,
  isSignInTrusted,
  readSignInFailures,
  recordSignInTrust,
  type SignInFailureRecord,
  type SignInFailureRecords,
  type SignInKeys,
} from './sign-in-records.js';
