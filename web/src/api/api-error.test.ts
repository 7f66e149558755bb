import { describe, expect, it } from 'vitest';
import { ApiError, fieldError } from './api-error';

describe('fieldError', () => {
  it('answers the message of the field it blames, as the API words it (no "field: " prefix)', () => {
    expect(fieldError(new ApiError(400, 'invalid_input', '"0300-12345" is not a valid phone number', 'phone'), 'phone')).toBe(
      '"0300-12345" is not a valid phone number',
    );
    expect(fieldError(new ApiError(400, 'invalid_input', 'Must not be empty', 'senderId'), 'senderId')).toBe('Must not be empty');
  });

  it('answers nothing for another field, or for an error that is not the API’s', () => {
    expect(fieldError(new ApiError(400, 'invalid_input', 'Give the campaign a name.', 'name'), 'name')).toBe('Give the campaign a name.');
    expect(fieldError(new ApiError(400, 'invalid_input', 'Too long', 'name'), 'template')).toBeUndefined();
    expect(fieldError(new Error('x'), 'name')).toBeUndefined();
  });
});
