import type { AccessTables } from './access-tables.js';
import type { ContactTables } from './contact-tables.js';
import type { MessagingTables } from './messaging-tables.js';

/**
 * Every table of cafe-sms, as kysely sees it. Each concept keeps its table types in its own
 * `*-tables.ts` file (columns as stored: snake_case, ISO-8601 UTC text for times) and adds its
 * interface here; the query modules map rows to the shapes the rest of the code uses.
 */
export interface Database extends ContactTables, MessagingTables, AccessTables {}
