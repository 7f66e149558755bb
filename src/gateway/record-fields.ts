import { ID_PATTERN, NUMERIC_TEXT, recordFieldsBySchema, type RecordFields } from './record-schema.js';

/*
 * A bulk answer carries a record per message, so a 100,000-message run reads 100,000 records:
 * zod's generic parse of each cost more than everything else the client does per message. These
 * readers give exactly what the schema in record-schema.ts gives (record-fields.test.ts compares
 * them over every kind of value), field by field, without building intermediate objects.
 */

function idField(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return ID_PATTERN.test(trimmed) ? trimmed : undefined;
  }
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? String(value) : undefined;
}

function textField(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

function numericField(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return NUMERIC_TEXT.test(trimmed) ? Number(trimmed) : undefined;
}

function sendByField(value: unknown): 'from' | 'to' | undefined {
  return value === 'from' || value === 'to' ? value : undefined;
}

/** A plain object as JSON.parse makes them; anything else (arrays, class instances) goes to the schema. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The fields of one record, or undefined when it is not an object at all. */
export function readRecordFields(raw: unknown): RecordFields | undefined {
  if (!isPlainObject(raw)) return recordFieldsBySchema(raw);
  return {
    uid: idField(raw.uid),
    message_uid: idField(raw.message_uid),
    message_id: idField(raw.message_id),
    id: idField(raw.id),
    queue_uid: idField(raw.queue_uid),
    to: textField(raw.to),
    from: textField(raw.from),
    message: textField(raw.message),
    status: textField(raw.status),
    sms_type: textField(raw.sms_type),
    sms_count: numericField(raw.sms_count),
    cost: numericField(raw.cost),
    send_by: sendByField(raw.send_by),
    created_at: textField(raw.created_at),
    updated_at: textField(raw.updated_at),
  };
}
