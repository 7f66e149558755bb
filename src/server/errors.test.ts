import { describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { blamingField, toApiError } from './errors.js';

describe('toApiError: the refused field', () => {
  it('answers the typed field as its own property, the message as the producer wrote it', () => {
    const answer = toApiError(new CafeError('invalid_input', 'Is required', { field: 'phone' }));
    expect(answer.body).toEqual({ statusCode: 400, code: 'invalid_input', message: 'Is required', field: 'phone' });
  });

  it('answers a rule of src/access (also printed by the CLI) without the field in its words', () => {
    const taken = new CafeError('conflict', 'A user named "sana" already exists', { field: 'username' });
    expect(toApiError(taken).body).toMatchObject({ field: 'username', message: 'A user named "sana" already exists' });
  });

  it('answers no field for a server error, whatever the error blamed', () => {
    expect(toApiError(new CafeError('internal', 'x', { field: 'phone' })).body.field).toBeUndefined();
  });

  it('blames the field a route names when the rule it called did not know it', async () => {
    const refused = blamingField('phone', () => {
      throw new CafeError('invalid_input', '"12" is not a valid phone number', { input: '12', details: { hint: 1 } });
    });
    await expect(refused).rejects.toMatchObject({ field: 'phone', input: '12', details: { hint: 1 } });
  });
});
