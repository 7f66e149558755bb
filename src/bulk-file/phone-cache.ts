/**
 * The numbers the checking pass normalised, kept for the sending pass so that it does not run the
 * (slow) phone parser again: 12 bytes a row in typed arrays, outside the garbage-collected heap.
 * A number is only reused for the same row index AND the same raw text (by a 32-bit FNV-1a hash),
 * so a file edited between the passes is normalised afresh rather than trusted.
 */
export interface PhoneCache {
  remember(rowIndex: number, raw: string, phone: string): void;
  /** The number normalised for this row, when its raw text is unchanged. */
  recall(rowIndex: number, raw: string): string | undefined;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Up to 15 digits (the most a phone number has) fit a double exactly. */
const DIGITS = /^[1-9]\d{0,14}$/;

export function createPhoneCache(): PhoneCache {
  let phones = new Float64Array(1024).fill(Number.NaN);
  let hashes = new Uint32Array(1024);

  const ensure = (index: number) => {
    if (index < phones.length) return;
    let size = phones.length;
    while (size <= index) size *= 2;
    const grownPhones = new Float64Array(size).fill(Number.NaN);
    grownPhones.set(phones);
    const grownHashes = new Uint32Array(size);
    grownHashes.set(hashes);
    phones = grownPhones;
    hashes = grownHashes;
  };

  return {
    remember(rowIndex, raw, phone) {
      if (!DIGITS.test(phone)) return;
      ensure(rowIndex);
      phones[rowIndex] = Number(phone);
      hashes[rowIndex] = fnv1a(raw);
    },
    recall(rowIndex, raw) {
      const phone = phones[rowIndex];
      if (phone === undefined || Number.isNaN(phone) || hashes[rowIndex] !== fnv1a(raw)) return undefined;
      return String(phone);
    },
  };
}
