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

const MONEY_WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const MONEY_PAISA = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Rupees as the cafe writes them: `Rs 450`, `Rs 1,234.50` (paisa only when there are some). */
export function formatRupees(amount: number | null | undefined): string {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return '—';
  const rounded = Math.round(amount * 100) / 100;
  return `Rs ${Number.isInteger(rounded) ? MONEY_WHOLE.format(rounded) : MONEY_PAISA.format(rounded)}`;
}

/** `300 SMS units`, and `300 SMS units · Rs 450` when a price per unit is known. */
export function formatUnits(units: number, unitPrice?: number | null): string {
  const words = `${formatCount(units)} SMS ${units === 1 ? 'unit' : 'units'}`;
  return typeof unitPrice === 'number' ? `${words} · ${formatRupees(units * unitPrice)}` : words;
}

/**
 * `1 recipient`, `2 recipients`, `1,200 messages`: the count and its noun, never "1 recipients".
 * `many` for nouns whose plural is not noun + s (`plural(n, 'reply', 'replies')`).
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}
