// The examples/apps programs the built-in image map runs in place of the workshop's images
// (they live outside Jest's roots, so their tests live with the runtime that maps them).
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { findFreePort } from '@knts/observability';
import { REPO_ROOT, eventually, httpGet } from './runtime-fixtures.spec-helper';

interface App {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const running: App[] = [];

async function startApp(name: string, env: Record<string, string> = {}, args: string[] = []): Promise<App> {
  const port = await findFreePort();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'examples/apps', name, 'server.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const app = { child, port, stdout: () => out, stderr: () => err, exited };
  running.push(app);
  await eventually(() => httpGet(port, '/?probe=1').then(() => undefined), 10_000).catch(() => undefined);
  return app;
}

function post(port: number, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

afterAll(async () => {
  for (const app of running) if (app.child.exitCode === null) app.child.kill('SIGKILL');
  await Promise.all(running.map((a) => a.exited));
});

describe('helloworld-go', () => {
  it('greets TARGET, or World, and logs like the Go sample', async () => {
    const world = await startApp('helloworld-go');
    expect(await httpGet(world.port)).toEqual({ status: 200, body: 'Hello World!\n' });
    const target = await startApp('helloworld-go', { TARGET: 'Knative serving' });
    expect((await httpGet(target.port, '/anything')).body).toBe('Hello Knative serving!\n');
    expect(target.stderr()).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} helloworld: starting server\.\.\.$/m);
    expect(target.stderr()).toContain('helloworld: received a request');
  });
});

describe('autoscale-go', () => {
  it('sleeps, finds primes and allocates memory with the Go sample texts', async () => {
    const app = await startApp('autoscale-go');
    const res = await httpGet(app.port, '/?sleep=20&prime=10000&bloat=5');
    expect(res.status).toBe(200);
    const lines = res.body.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines).toContain('Allocated 5 Mb of memory.');
    expect(lines).toContain('The largest prime less than 10000 is 9973.');
    expect(lines.find((l) => l.startsWith('Slept for '))).toMatch(/^Slept for \d+\.\d{2} milliseconds\.$/);
    expect((await httpGet(app.port, '/?prime=2')).body).toBe('There are no primes smaller than 2.\n');
    expect((await httpGet(app.port, '/?prime=100')).body).toBe('The largest prime less than 100 is 97.\n');
    expect(await httpGet(app.port, '/')).toEqual({ status: 200, body: '' });
    expect(await httpGet(app.port, '/?sleep=abc')).toEqual({
      status: 400,
      body: 'strconv.Atoi: parsing "abc": invalid syntax\n',
    });
  });
});

describe('event-display', () => {
  it('prints binary and structured CloudEvents as sdk-go does and answers 200', async () => {
    const app = await startApp('event-display');
    const binary = await post(
      app.port,
      {
        'ce-specversion': '1.0',
        'ce-type': 'dev.knative.eventing.samples.heartbeat',
        'ce-source': 'https://knative.dev/eventing/cmd/heartbeats/#event-test/mypod',
        'ce-id': '2b72d7bf-c38f-4a98-a433-608fbcdd2596',
        'ce-time': '2019-10-18T15:23:20.809775386Z',
        'ce-beats': 'true',
        'ce-heart': 'yes',
        'content-type': 'application/json',
      },
      '{"id":2,"label":""}',
    );
    expect(binary).toEqual({ status: 200, body: '' });
    const structured = await post(
      app.port,
      { 'content-type': 'application/cloudevents+json' },
      JSON.stringify({
        specversion: '1.0',
        type: 'dev.example',
        source: '/src',
        id: 'e-1',
        subject: 'sub',
        data_base64: Buffer.from('raw bytes').toString('base64'),
      }),
    );
    expect(structured.status).toBe(200);
    await eventually(() =>
      expect(app.stdout()).toBe(
        [
          '☁️  cloudevents.Event',
          'Validation: valid',
          'Context Attributes,',
          '  specversion: 1.0',
          '  type: dev.knative.eventing.samples.heartbeat',
          '  source: https://knative.dev/eventing/cmd/heartbeats/#event-test/mypod',
          '  id: 2b72d7bf-c38f-4a98-a433-608fbcdd2596',
          '  time: 2019-10-18T15:23:20.809775386Z',
          '  datacontenttype: application/json',
          'Extensions,',
          '  beats: true',
          '  heart: yes',
          'Data,',
          '  {',
          '    "id": 2,',
          '    "label": ""',
          '  }',
          '☁️  cloudevents.Event',
          'Validation: valid',
          'Context Attributes,',
          '  specversion: 1.0',
          '  type: dev.example',
          '  source: /src',
          '  subject: sub',
          '  id: e-1',
          'Data (binary),',
          '  raw bytes',
          '',
        ].join('\n'),
      ),
    );
    expect((await post(app.port, { 'content-type': 'text/plain' }, 'hello')).status).toBe(400);
  });
});

describe('runtime-probe', () => {
  it('reports env, cwd, args and request headers, and finishes in-flight requests on SIGTERM', async () => {
    const app = await startApp('runtime-probe', { K_REVISION: 'r-00001' }, ['--a', 'b']);
    const report = JSON.parse((await httpGet(app.port, '/?x=1')).body) as {
      env: Record<string, string>;
      cwd: string;
      args: string[];
      stdinEOF: boolean;
      request: { host: string; url: string; headers: Record<string, string> };
    };
    expect(report.env).toMatchObject({ PORT: String(app.port), K_REVISION: 'r-00001' });
    expect(report.cwd).toBe(process.cwd());
    expect(report.args).toEqual(['--a', 'b']);
    expect(report.request.url).toBe('/?x=1');
    expect(report.request.host).toBe(`127.0.0.1:${app.port}`);
    expect(report.stdinEOF).toBe(true);

    // headers-then-sleep: once the headers arrived the request is surely in flight.
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: app.port, path: '/?headers-then-sleep=300', agent: false },
        (res) => {
          app.child.kill('SIGTERM');
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(body)).toMatchObject({ request: { url: '/?headers-then-sleep=300' } });
    expect(await app.exited).toBe(0);
  });

  it('sends headers before the body with headers-then-sleep', async () => {
    const app = await startApp('runtime-probe');
    const events: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: app.port, path: '/?headers-then-sleep=200', agent: false },
        (res) => {
          events.push(`headers ${res.statusCode}`);
          res.once('data', () => events.push('body'));
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(events).toEqual(['headers 200', 'body']);
  });
});
