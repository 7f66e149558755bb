/** The status a send answers with: on this platform "Delivered" means "accepted by the gateway". */
export const ACCEPTED_STATUS = 'Delivered';
/** The stored status of an accepted message until its delivery delay has passed. */
export const IN_FLIGHT_STATUS = 'Enroute';
/** Inbound messages are stored as received. */
export const RECEIVED_STATUS = 'Delivered';

export type FinalStatus = 'Delivered' | 'Undelivered' | 'Expired';

/**
 * Where an outbound message ends up, decided by the number's last digit so tests can choose the
 * outcome: 0 → Undelivered, 9 → Expired, anything else → Delivered.
 */
export function finalStatusFor(phone: string): FinalStatus {
  const last = phone.at(-1);
  if (last === '0') return 'Undelivered';
  if (last === '9') return 'Expired';
  return 'Delivered';
}
