/**
 * When a customer opted out, as staff read it: "2026-11-25 14:30 (cafe time)". A stored time that
 * does not read as a date is shown as stored rather than failing a send part-way. The cafe's time
 * zone is loaded on first use: its ICU data costs 8 MB that a bulk run skipping nobody need not carry.
 */
export async function optedOutWhen(optedOutAt: string): Promise<string> {
  const at = new Date(optedOutAt);
  if (Number.isNaN(at.getTime())) return optedOutAt;
  const { formatLocal } = await import('../quiet-hours/index.js');
  return `${formatLocal(at)} (cafe time)`;
}

/** The results file's reason for a row that was not sent because its customer opted out. */
export async function optedOutReason(optedOutAt: string): Promise<string> {
  return `not sent: the customer opted out on ${await optedOutWhen(optedOutAt)}`;
}
