import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NatsBinding } from '../binding/nats-binding';
import { catalogue, catalogueForStore, withPrefix } from './catalogue';
import { EVENTS_DOC_BEGIN, EVENTS_DOC_END, renderEventsTable } from './events-doc';
import { decodeSubjectToken, encodeSubjectToken } from './subject-token';

describe('subject tokens', () => {
  it.each([
    ['default', 'default'],
    ['hello-00001', 'hello-00001'],
    ['Under_score', 'Under_score'],
    ['my.pod', 'my%2Epod'],
    ['a b', 'a%20b'],
    ['*', '%2A'],
    ['>', '%3E'],
    ['100%', '100%25'],
    ['tab\there', 'tab%09here'],
    ['ü😀', '%C3%BC%F0%9F%98%80'],
  ])('%j ↔ %j', (value, token) => {
    expect(encodeSubjectToken(value)).toBe(token);
    expect(decodeSubjectToken(token)).toBe(value);
    expect(token).toMatch(/^[^\s.*>]+$/);
  });

  it('refuses an empty token and malformed escapes', () => {
    expect(() => encodeSubjectToken('')).toThrow('a NATS subject token cannot be empty');
    expect(() => decodeSubjectToken('a%2')).toThrow('subject token "a%2" has a malformed %XX escape at position 1');
    expect(() => decodeSubjectToken('%ZZ')).toThrow('subject token "%ZZ" has a malformed %XX escape at position 0');
  });
});

describe('catalogue subjects', () => {
  const stat = catalogue.entries.autoscalerStat;

  it('builds, filters and parses subjects', () => {
    expect(stat.subject({ namespace: 'default', revision: 'hello-00001' })).toBe('knts.autoscaler.stats.default.hello-00001');
    expect(stat.filter({ namespace: 'default' })).toBe('knts.autoscaler.stats.default.*');
    expect(stat.filter()).toBe('knts.autoscaler.stats.*.*');
    expect(stat.wildcard).toBe('knts.autoscaler.stats.*.*');
    const logs = catalogue.entries.logLine;
    const subject = logs.subject({ namespace: 'default', pod: 'hello.pod 1', container: 'user-container' });
    expect(subject).toBe('knts.logs.default.hello%2Epod%201.user-container');
    expect(logs.parse(subject)).toEqual({ namespace: 'default', pod: 'hello.pod 1', container: 'user-container' });
    expect(logs.parse('knts.logs.default.only-two')).toBeUndefined();
    expect(stat.parse('knts.autoscaler.decisions.default.x')).toBeUndefined();
  });

  it('isolates tests behind a prefix', () => {
    const t = withPrefix('t123');
    expect(t.entries.autoscalerStat.subject({ namespace: 'ns', revision: 'r' })).toBe('t123.knts.autoscaler.stats.ns.r');
    expect(t.streams.broker.name).toBe('t123-knts-broker');
    expect(t.streams.logs.name).toBe('t123-KNTS_LOGS');
    expect(t.streams.logs.subjects).toEqual(['t123.knts.logs.*.*.*']);
    expect(t.entries.brokerIngress.stream?.name).toBe('t123-knts-broker');
    expect(() => withPrefix('a.b')).toThrow('catalogue prefix "a.b" must be one subject token of [A-Za-z0-9_-]');
  });

  it.each([catalogue, withPrefix('p1')].map((c) => [c.prefix ?? '(none)', c] as const))(
    'prefix %s: every JetStream subject is captured by its stream, and only by it',
    (_name, c) => {
      const streams = Object.values(c.streams);
      for (const entry of c.list) {
        const owners = streams.filter((s) => s.subjects.includes(entry.wildcard));
        if (entry.delivery === 'jetstream') expect(owners.map((s) => s.name)).toEqual([entry.stream?.name]);
        else expect(owners).toEqual([]);
      }
    },
  );

  it('names types as DESIGN §3.3 says and keeps keys and types unique', () => {
    const typed = catalogue.list.flatMap((e) => (e.type === undefined ? [] : [e.type]));
    for (const type of typed) expect(type).toMatch(/^dev\.knts\.[a-z]+\.[a-z.]+\.v1$|^dev\.tekton\.event\.(taskrun|pipelinerun)\.[a-z]+\.v1$/);
    expect(new Set(typed).size).toBe(typed.length);
    expect(new Set(catalogue.list.map((e) => e.key)).size).toBe(catalogue.list.length);
    expect(typed).toEqual(
      expect.arrayContaining([
        'dev.knts.autoscaler.stat.v1',
        'dev.knts.autoscaler.poke.v1',
        'dev.knts.autoscaler.decision.v1',
        'dev.knts.serving.revision.ready.v1',
        'dev.tekton.event.taskrun.started.v1',
        'dev.tekton.event.taskrun.running.v1',
        'dev.tekton.event.taskrun.successful.v1',
        'dev.tekton.event.taskrun.failed.v1',
        'dev.tekton.event.taskrun.unknown.v1',
        'dev.tekton.event.pipelinerun.successful.v1',
      ]),
    );
  });

  it('builds events producers can send as they are', () => {
    const e = catalogue.entries.taskRunSuccessful.event(
      { namespace: 'default', taskrun: 'build-1' },
      { taskRun: { apiVersion: 'tekton.dev/v1', kind: 'TaskRun', metadata: { name: 'build-1', namespace: 'default' } } },
      { subject: 'build-1' },
    );
    expect(e).toMatchObject({
      type: 'dev.tekton.event.taskrun.successful.v1',
      source: '/apis/tekton.dev/v1/namespaces/default/taskruns/build-1',
      subject: 'build-1',
      datacontenttype: 'application/json',
    });
    expect(NatsBinding.toEvent(NatsBinding.binary(e)).data).toEqual(e.data);
  });
});

describe('docs/events.md', () => {
  const docPath = join(__dirname, '..', '..', '..', '..', 'docs', 'events.md');

  it('shows the catalogue as it is (UPDATE_EVENTS_DOC=1 rewrites the table)', () => {
    const doc = readFileSync(docPath, 'utf8');
    const begin = doc.indexOf(EVENTS_DOC_BEGIN);
    const end = doc.indexOf(EVENTS_DOC_END);
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(begin);
    const current = doc.slice(begin, end + EVENTS_DOC_END.length);
    const wanted = renderEventsTable(catalogue);
    if (process.env['UPDATE_EVENTS_DOC'] === '1' && current !== wanted) {
      writeFileSync(docPath, doc.replace(current, wanted));
      return;
    }
    expect(current).toBe(wanted);
  });
});

describe('catalogueForStore', () => {
  it("keeps the documented subjects and streams for the default store prefix", () => {
    expect(catalogueForStore('knts')).toBe(catalogue);
  });

  it('puts every subject and stream of another store prefix under that prefix', () => {
    const other = catalogueForStore('e2e-42');
    expect(other.entries.autoscalerStat.filter()).toBe('e2e-42.knts.autoscaler.stats.*.*');
    expect(other.entries.autoscalerDecision.subject({ namespace: 'default', revision: 'a-00001' })).toBe('e2e-42.knts.autoscaler.decisions.default.a-00001');
    expect(other.streams.logs.name).toBe('e2e-42-KNTS_LOGS');
  });
});
