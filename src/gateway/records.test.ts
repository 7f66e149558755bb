import { describe, expect, it } from 'vitest';
import { findRecordList, looksLikeRecord, parseRecord } from './records.js';

const platformRecord = {
  uid: '606812e63f78b',
  to: '923001234567',
  from: 'Cafe de Revenue',
  message: 'Salaam',
  sms_type: 'plain',
  status: 'Delivered',
  sms_count: 1,
  cost: '1.00',
  send_by: 'from',
  created_at: '2024-01-01T10:00:00.000Z',
  updated_at: '2024-01-01T10:00:01.000Z',
};

describe('parseRecord', () => {
  it('reads a platform record', () => {
    expect(parseRecord(platformRecord)).toEqual({
      uid: '606812e63f78b',
      to: '923001234567',
      from: 'Cafe de Revenue',
      message: 'Salaam',
      status: 'Delivered',
      state: 'delivered',
      direction: 'outbound',
      smsType: 'plain',
      smsCount: 1,
      cost: 1,
      createdAt: '2024-01-01T10:00:00.000Z',
      updatedAt: '2024-01-01T10:00:01.000Z',
      raw: platformRecord,
    });
  });

  it("reads the send answer's Delivered as pending: it only means accepted by the gateway", () => {
    expect(parseRecord(platformRecord, { atSend: true }).state).toBe('pending');
    expect(parseRecord({ ...platformRecord, status: 'Failed' }, { atSend: true }).state).toBe('failed');
  });

  it('coerces numbers given as strings and numbers given as text', () => {
    const record = parseRecord({ id: 42, to: 923001234567, sms_count: '3', cost: 2.5, send_by: 'to' });
    expect(record).toMatchObject({ uid: '42', to: '923001234567', smsCount: 3, cost: 2.5, direction: 'inbound' });
  });

  it('finds the uid under other names, but only when it looks like an id', () => {
    expect(parseRecord({ message_id: 'abc123' }).uid).toBe('abc123');
    expect(parseRecord({ queue_uid: 'q-0001' }).uid).toBe('q-0001');
    expect(parseRecord({ uid: 'not an id!', id: 'fedcba9876543' }).uid).toBe('fedcba9876543');
    expect(parseRecord({ uid: '' }).uid).toBeUndefined();
    expect(parseRecord({ uid: { nested: true } }).uid).toBeUndefined();
  });

  it('keeps digits of a formatted phone and leaves a sender name alone', () => {
    expect(parseRecord({ to: '+92 300 1234567', from: 'Cafe de Revenue' })).toMatchObject({
      to: '923001234567',
      from: 'Cafe de Revenue',
    });
  });

  it('drops fields of the wrong shape without losing the rest', () => {
    const record = parseRecord({ uid: 'abcdef0123456', cost: 'free', sms_count: [1], send_by: 'someone', status: 'Enroute' });
    expect(record).toMatchObject({ uid: 'abcdef0123456', cost: undefined, smsCount: undefined, direction: undefined, state: 'pending' });
  });

  it.each([['a string'], [17], [null], [undefined], [[1, 2]]])('keeps %j as raw with state unknown', (raw) => {
    const record = parseRecord(raw);
    expect(record.state).toBe('unknown');
    expect(record.uid).toBeUndefined();
    expect(record.raw).toBe(raw);
  });
});

describe('findRecordList', () => {
  it('finds an array, or an array under data/messages/records', () => {
    expect(findRecordList([1])).toEqual([1]);
    expect(findRecordList({ data: [2] })).toEqual([2]);
    expect(findRecordList({ messages: [3] })).toEqual([3]);
    expect(findRecordList({ records: [4] })).toEqual([4]);
  });

  it.each([[{ total: 3 }], [null], ['queued'], [7], [undefined], [{ data: 'x' }]])('finds none in %j', (data) => {
    expect(findRecordList(data)).toBeUndefined();
  });
});

describe('looksLikeRecord', () => {
  it('tells a record from other objects', () => {
    expect(looksLikeRecord(platformRecord)).toBe(true);
    expect(looksLikeRecord({ total: 3 })).toBe(false);
    expect(looksLikeRecord([platformRecord])).toBe(false);
    expect(looksLikeRecord('x')).toBe(false);
  });
});
