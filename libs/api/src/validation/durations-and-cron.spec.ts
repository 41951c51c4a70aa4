import { cronScheduleError } from './cron-schedule';
import { formatGoDuration, parseGoDuration } from './go-duration';
import { parseIso8601Duration } from './iso8601-duration';

describe('ISO-8601 durations', () => {
  it.each([
    ['PT0.2S', 200],
    ['PT1M', 60_000],
    ['P1DT2H', 93_600_000],
    ['PT1,5S', 1500],
    ['-PT5S', -5000],
  ])('%s = %d ms', (text, ms) => expect(parseIso8601Duration(text)).toBeCloseTo(ms));
  it.each(['0.2s', 'P', 'PT', '1S', 'PT1H1D', ''])('%s is invalid', (text) =>
    expect(parseIso8601Duration(text)).toBeUndefined(),
  );
});

describe('Go durations', () => {
  it.each([
    ['1h30m', 5_400_000],
    ['1h0m0s', 3_600_000],
    ['300ms', 300],
    ['1.5s', 1500],
    ['0', 0],
    ['-2m', -120_000],
  ])('%s = %d ms', (text, ms) => expect(parseGoDuration(text)).toEqual({ ms }));
  it.each([
    ['1 hour', 'time: invalid duration "1 hour"'],
    ['10', 'time: missing unit in duration "10"'],
    ['5d', 'time: unknown unit "d" in duration "5d"'],
  ])('%s -> %s', (text, error) => expect(parseGoDuration(text)).toEqual({ error }));
  it('formats like Go', () => {
    expect([3_600_000, 90_000, 30_000, 0, 500, -1500, 1500].map(formatGoDuration)).toEqual([
      '1h0m0s',
      '1m30s',
      '30s',
      '0s',
      '500ms',
      '-1.5s',
      '1.5s',
    ]);
  });
});

describe('cron schedules', () => {
  it.each([
    '*/2 * * * *',
    '0 9 * * MON-FRI',
    '*/10 * * * * *',
    '@hourly',
    '@every 1m30s',
    'CRON_TZ=Asia/Tokyo 0 9 * * *',
    'TZ=UTC 0 0 1 jan ?',
  ])('%s is valid', (spec) => expect(cronScheduleError(spec)).toBeUndefined());
  it.each([
    ['* * * *', 'expected 5 to 6 fields, found 4: [* * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['@sometimes', 'unrecognized descriptor: @sometimes'],
    ['CRON_TZ=Nowhere/City * * * * *', 'provided bad location Nowhere/City: unknown time zone Nowhere/City'],
    ['', 'empty spec string'],
  ])('%s -> %s', (spec, error) => expect(cronScheduleError(spec)).toBe(error));
});
