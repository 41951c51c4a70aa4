// Cron schedules as knative eventing parses them (robfig/cron/v3 with optional seconds and descriptors),
// with robfig's error texts, so a bad schedule reads as it does on a cluster.
import { parseGoDuration } from './go-duration';

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** True when the IANA zone name is known (Go's time.LoadLocation; `Local` and `UTC` included). */
export function isKnownTimeZone(zone: string): boolean {
  if (zone === 'Local' || zone === 'UTC' || zone === '') return true;
  if (/^[+-]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function goSlice(fields: string[]): string {
  return `[${fields.join(' ')}]`;
}

function parseNumber(text: string, bounds: Bounds): number | string {
  const named = bounds.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^\d+$/.test(text))
    return `failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`;
  return Number(text);
}

function checkRange(expr: string, bounds: Bounds): string | undefined {
  const [rangePart, stepPart, ...extraSlash] = expr.split('/');
  if (extraSlash.length > 0) return `too many slashes: ${expr}`;
  let start: number;
  let end: number;
  if (rangePart === '*' || rangePart === '?') {
    start = bounds.min;
    end = bounds.max;
  } else {
    const bounds2 = rangePart.split('-');
    if (bounds2.length > 2) return `too many hyphens: ${expr}`;
    const s = parseNumber(bounds2[0], bounds);
    if (typeof s === 'string') return s;
    start = s;
    if (bounds2.length === 2) {
      const e = parseNumber(bounds2[1], bounds);
      if (typeof e === 'string') return e;
      end = e;
    } else end = start;
  }
  if (stepPart !== undefined) {
    const step = parseNumber(stepPart, { min: 0, max: 0 });
    if (typeof step === 'string') return step;
    if (step <= 0) return `step of range should be a positive number: ${expr}`;
  }
  if (start < bounds.min) return `beginning of range (${start}) below minimum (${bounds.min}): ${expr}`;
  if (end > bounds.max) return `end of range (${end}) above maximum (${bounds.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  return undefined;
}

/**
 * Returns undefined when valid, else robfig/cron's error text. A `CRON_TZ=`/`TZ=` prefix is allowed;
 * a bad zone gives `provided bad location X: unknown time zone X`.
 */
export function cronScheduleError(spec: string): string | undefined {
  let text = spec.trim();
  if (text === '') return 'empty spec string';
  if (text.startsWith('TZ=') || text.startsWith('CRON_TZ=')) {
    const space = text.indexOf(' ');
    const zone = text.slice(text.indexOf('=') + 1, space === -1 ? undefined : space);
    if (!isKnownTimeZone(zone)) return `provided bad location ${zone}: unknown time zone ${zone}`;
    text = space === -1 ? '' : text.slice(space).trim();
  }
  if (text.startsWith('@')) {
    if (text.startsWith('@every ')) {
      const parsed = parseGoDuration(text.slice('@every '.length));
      return 'error' in parsed ? `failed to parse duration ${text}: ${parsed.error}` : undefined;
    }
    return DESCRIPTORS.has(text) ? undefined : `unrecognized descriptor: ${text}`;
  }
  const fields = text.split(/\s+/).filter((f) => f !== '');
  if (fields.length < 5 || fields.length > 6)
    return `expected 5 to 6 fields, found ${fields.length}: ${goSlice(fields)}`;
  const bounds = fields.length === 6 ? FIELDS : FIELDS.slice(1);
  for (let i = 0; i < fields.length; i++) {
    for (const expr of fields[i].split(',')) {
      const err = checkRange(expr, bounds[i]);
      if (err) return err;
    }
  }
  return undefined;
}
