/** A contact as the e2e CSVs write it. */
export interface Customer {
  /** As a person types it, e.g. 0321 5550013. */
  phone: string;
  name: string;
  tags: string[];
}

/** The international form the server stores and shows (+92…), from the local one. */
export function internationalPhone(local: string): string {
  return `92${local.replace(/\D/g, '').replace(/^0/, '')}`;
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** `phone,name,tags` with tags joined by ';' (the importer splits on ';' and ','). */
export function customersCsv(rows: ReadonlyArray<Customer | string>): string {
  const lines = rows.map((row) => (typeof row === 'string' ? row : [row.phone, row.name, row.tags.join(';')].map(csvCell).join(',')));
  return `phone,name,tags\n${lines.join('\n')}\n`;
}
