import { quietHoursProblem } from './setting-rules';

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

/** The server's rule on the two pickers' times (same start and end), before anything is sent. */
export function quietHoursFormProblem(form: QuietHoursForm): string | undefined {
  if (!form.enabled) return undefined;
  const start = minutesOf(form.from);
  const end = minutesOf(form.to);
  return start === undefined || end === undefined ? undefined : quietHoursProblem(start, end);
}

function minutesOf(time: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}
