import { describe, expect, it } from 'vitest';
import { finalStatusFor } from './delivery.js';

describe('finalStatusFor', () => {
  it.each([
    ['923001234560', 'Undelivered'],
    ['923001234569', 'Expired'],
    ['923001234561', 'Delivered'],
    ['923001234565', 'Delivered'],
    ['923001234568', 'Delivered'],
  ])('ends %s as %s', (phone, status) => {
    expect(finalStatusFor(phone)).toBe(status);
  });
});
