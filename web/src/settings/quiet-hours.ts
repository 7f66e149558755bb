import {
  formatClock,
  formatQuietHours as formatQuietHoursText,
  parseClock,
  parseQuietHours as readQuietHours,
  type QuietHours,
} from '../time/quiet-hours';
import { quietHoursProblem } from './setting-rules';

/** The settings page's two time pickers and the switch that turns quiet hours on and off. */
export interface QuietHoursForm {
  enabled: boolean;
  from: string;
  to: string;
}

/** What the pickers show while quiet hours are off, ready for switching them back on. */
const USUAL_HOURS = Object.freeze({ from: '21:00', to: '09:00' });

/** The API's text ('21:00-09:00' | 'off') → the form's fields, read by the server's own rule. */
export function parseQuietHours(value: string): QuietHoursForm {
  const reading = readQuietHours(value);
  if (!reading.ok || reading.quietHours === null) return { enabled: false, ...USUAL_HOURS };
  return { enabled: true, from: formatClock(reading.quietHours.startMinute), to: formatClock(reading.quietHours.endMinute) };
}

export function formatQuietHours(form: QuietHoursForm): string {
  if (!form.enabled) return formatQuietHoursText(null);
  const window = windowOf(form);
  // A time the pickers cannot give goes as it is, for the server to refuse in its own words.
  return window === undefined ? `${form.from}-${form.to}` : formatQuietHoursText(window);
}

/** The server's rule on the two pickers' times (same start and end), before anything is sent. */
export function quietHoursFormProblem(form: QuietHoursForm): string | undefined {
  const window = form.enabled ? windowOf(form) : undefined;
  return window === undefined ? undefined : quietHoursProblem(window.startMinute, window.endMinute);
}

function windowOf(form: QuietHoursForm): QuietHours | undefined {
  const startMinute = parseClock(form.from);
  const endMinute = parseClock(form.to);
  return startMinute === undefined || endMinute === undefined ? undefined : { startMinute, endMinute };
}
