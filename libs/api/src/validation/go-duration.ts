// Go time.ParseDuration, used by Tekton (`timeout: 1h30m`) and knative-gcp (`ackDeadline: 30s`).

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const COMPONENT = /(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)/y;

/** Milliseconds, or an error text in Go's wording (`time: invalid duration "1x"`). */
export function parseGoDuration(text: string): { ms: number } | { error: string } {
  const invalid = { error: `time: invalid duration ${JSON.stringify(text)}` };
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return { ms: 0 };
  if (rest === '') return invalid;
  let ms = 0;
  COMPONENT.lastIndex = 0;
  let index = 0;
  while (index < rest.length) {
    COMPONENT.lastIndex = index;
    const match = COMPONENT.exec(rest);
    if (!match || match[1] === '' || match[1] === '.') {
      if (match === null && /^\d*\.?\d*$/.test(rest.slice(index)))
        return { error: `time: missing unit in duration ${JSON.stringify(text)}` };
      if (match === null && /^\d*\.?\d*[a-zA-Zµμ]+/.test(rest.slice(index))) {
        const unit = /[a-zA-Zµμ]+/.exec(rest.slice(index))?.[0] ?? '';
        return { error: `time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}` };
      }
      return invalid;
    }
    ms += Number(match[1]) * UNIT_MS[match[2]];
    index = COMPONENT.lastIndex;
  }
  return { ms: sign * ms };
}

/** Formats milliseconds like Go's Duration.String() for whole seconds: `1h0m0s`, `30s`. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const negative = ms < 0;
  // Go's Duration.String() prints values under a second in the largest fitting unit (`500ms`).
  if (Math.abs(ms) < 1000) return `${negative ? '-' : ''}${Number(Math.abs(ms).toFixed(6))}ms`;
  let seconds = Math.abs(ms) / 1000;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const secText = Number.isInteger(seconds) ? String(seconds) : String(Number(seconds.toFixed(9)));
  const text = hours > 0 ? `${hours}h${minutes}m${secText}s` : minutes > 0 ? `${minutes}m${secText}s` : `${secText}s`;
  return negative ? `-${text}` : text;
}
