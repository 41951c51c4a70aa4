// ISO-8601 durations as knative eventing parses them (github.com/rickb777/date/period): `PT0.2S`, `P1DT2H`, `-PT5M`.

const ISO8601_DURATION =
  /^([-+])?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

const UNIT_MS = [365.2425 * 86_400_000, 30.436875 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000];

/** Milliseconds, or undefined when the text is not an ISO-8601 duration. Years and months use mean lengths as upstream does. */
export function parseIso8601Duration(text: string): number | undefined {
  const match = ISO8601_DURATION.exec(text);
  if (!match) return undefined;
  const parts = match.slice(2);
  if (parts.every((p) => p === undefined)) return undefined;
  if (text.endsWith('T')) return undefined;
  let ms = 0;
  parts.forEach((part, i) => {
    if (part !== undefined) ms += Number(part.replace(',', '.')) * UNIT_MS[i];
  });
  return match[1] === '-' ? -ms : ms;
}
