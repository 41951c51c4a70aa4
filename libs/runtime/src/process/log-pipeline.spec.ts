import type { OutputStream } from '@knts/events';
import { LineSplitter, LogPipeline, RecentLines } from './log-pipeline';

describe('LineSplitter', () => {
  it('splits chunks into lines, keeping partial lines and multi-byte characters', () => {
    const s = new LineSplitter();
    const bytes = Buffer.from('one\r\ntw☁️o\nthr');
    expect(s.push(bytes.subarray(0, 8))).toEqual(['one']);
    expect(s.push(bytes.subarray(8))).toEqual(['tw☁️o']);
    expect(s.push(Buffer.from('ee\n\nfour'))).toEqual(['three', '']);
    expect(s.end()).toEqual(['four']);
    expect(s.end()).toEqual([]);
  });
});

describe('RecentLines', () => {
  it('keeps the newest lines and prefers stderr for the termination message', () => {
    const r = new RecentLines(3);
    r.add('stdout', 'a');
    r.add('stderr', 'b');
    r.add('stdout', 'c');
    r.add('stderr', 'd');
    expect(r.terminationMessage()).toBe('b\nd');
    const out = new RecentLines();
    out.add('stdout', 'only stdout');
    expect(out.terminationMessage()).toBe('only stdout');
    const long = new RecentLines();
    for (let i = 0; i < 100; i++) long.add('stderr', `line ${i} ${'x'.repeat(40)}`);
    const message = long.terminationMessage();
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(2048);
    expect(message.endsWith(`line 99 ${'x'.repeat(40)}`)).toBe(true);
  });
});

describe('LogPipeline', () => {
  it('publishes every line in order on later ticks', async () => {
    const got: Array<[string, string, OutputStream]> = [];
    const p = new LogPipeline((s, l, st) => got.push([s, l, st]), { batchSize: 2 });
    for (let i = 0; i < 5; i++) p.push('subj', `l${i}`, 'stdout');
    expect(got).toEqual([]);
    await p.flush();
    expect(got.map((g) => g[1])).toEqual(['l0', 'l1', 'l2', 'l3', 'l4']);
  });

  it('drops the oldest lines past maxPending and says so', async () => {
    const got: string[] = [];
    const p = new LogPipeline((_s, l) => got.push(l), { maxPending: 3 });
    for (let i = 0; i < 5; i++) p.push('subj', `l${i}`, 'stdout');
    await p.flush();
    expect(got).toEqual(['[knts] 2 log lines dropped: output too fast', 'l2', 'l3', 'l4']);
  });
});
