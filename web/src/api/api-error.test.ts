import { describe, expect, it } from 'vitest';
import { ApiError, fieldError } from './api-error';

describe('fieldError', () => {
  it('drops the API’s "field: " prefix, since the message is shown next to that field', () => {
    expect(fieldError(new ApiError(400, 'invalid_input', 'phone: "0300-12345" is not a valid phone number', 'phone'), 'phone')).toBe(
      '"0300-12345" is not a valid phone number',
    );
    expect(fieldError(new ApiError(400, 'invalid_input', 'senderId: must not be empty', 'senderId'), 'senderId')).toBe('Must not be empty');
  });

  it('keeps a message without the prefix, and answers nothing for another field', () => {
    expect(fieldError(new ApiError(400, 'invalid_input', 'Give the campaign a name.', 'name'), 'name')).toBe('Give the campaign a name.');
    expect(fieldError(new ApiError(400, 'invalid_input', 'name: too long', 'name'), 'template')).toBeUndefined();
    expect(fieldError(new Error('x'), 'name')).toBeUndefined();
  });
});
