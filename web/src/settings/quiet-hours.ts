export interface QuietHoursForm {
  enabled: boolean;
  from: string;
  to: string;
}

const RANGE = /^(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/;
/** '21:00-09:00' | 'off' → the form's fields; off keeps the usual hours ready for switching back on. */
export function parseQuietHours(value: string): QuietHoursForm {
  const match = RANGE.exec(value.trim());
  if (!match || !match[1] || !match[2]) return { enabled: false, from: '21:00', to: '09:00' };
  return { enabled: true, from: match[1], to: match[2] };
}

export function formatQuietHours(form: QuietHoursForm): string {
  return form.enabled ? `${form.from}-${form.to}` : 'off';
}
