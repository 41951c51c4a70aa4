import { Writable } from 'node:stream';
import { createLogger } from './create-logger';
import { JsonLogger } from './json-logger.service';

function capture(level: 'trace' | 'debug' | 'info' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger('autoscaler', { level, destination }) };
}

describe('createLogger', () => {
  it('writes one JSON object per line with level name, ISO time, service and message', () => {
    const { lines, logger } = capture();
    logger.info({ revision: 'hello-00001' }, 'scaled');
    expect(lines).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        service: 'autoscaler',
        revision: 'hello-00001',
        msg: 'scaled',
      },
    ]);
  });

  it('drops lines below the configured level', () => {
    const { lines, logger } = capture('info');
    logger.debug('noise');
    logger.warn('heads up');
    expect(lines.map((l) => l['msg'])).toEqual(['heads up']);
  });
});

describe('JsonLogger', () => {
  it('maps Nest calls to JSON with the context as a field', () => {
    const { lines, logger } = capture('trace');
    const nest = new JsonLogger(logger);
    nest.log('reconciled', 'RouteReconciler');
    nest.error('failed', 'Error: boom\n    at x', 'RouteReconciler');
    nest.warn({ msg: 'slow', ms: 1200 }, 'ingress');
    nest.verbose('detail');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', msg: 'reconciled', context: 'RouteReconciler' }),
      expect.objectContaining({
        level: 'error',
        msg: 'failed',
        context: 'RouteReconciler',
        stack: 'Error: boom\n    at x',
      }),
      expect.objectContaining({ level: 'warn', msg: 'slow', ms: 1200, context: 'ingress' }),
      expect.objectContaining({ level: 'trace', msg: 'detail' }),
    ]);
  });

  it("turns Nest's start-up chatter into debug lines", () => {
    const { lines, logger } = capture('info');
    new JsonLogger(logger).log('Mapped {/readyz, GET} route', 'RouterExplorer');
    expect(lines).toEqual([]);
  });
});
