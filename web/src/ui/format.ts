const NUMBER_FORMAT = new Intl.NumberFormat('en-US');

export function formatCount(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? NUMBER_FORMAT.format(value) : '—';
}

/** 0..1 → `42%`; exactly `100%` only when the ratio is complete, so a nearly done bar never claims it. */
export function formatPercent(ratio: number | null | undefined): string {
  if (typeof ratio !== 'number' || !Number.isFinite(ratio)) return '—';
  const clamped = Math.min(1, Math.max(0, ratio));
  const percent = clamped < 1 ? Math.min(99, Math.floor(clamped * 100)) : 100;
  return `${percent}%`;
}
