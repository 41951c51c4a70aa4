// What the platform cannot remove from Ready or a cold start: the program's own start. Shared
// baseline of the serving-ready and coldstart benchmarks.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { KubeObject } from '@knts/api';
import { findFreePort } from '@knts/observability';
import { REPO_ROOT } from '@knts/testing';

/** A helloworld Service, optionally with template annotations. */
export function helloService(name: string, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: {
      template: {
        ...(annotations ? { metadata: { annotations } } : {}),
        spec: { containers: [{ image: 'gcr.io/knative-samples/helloworld-go', env: [{ name: 'TARGET', value: name }] }] },
      },
    },
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** Spawn the helloworld stand-in → accepting connections, polled every `pollMs`. */
export async function programStartMs(pollMs = 2): Promise<number> {
  const port = await findFreePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'examples/apps/helloworld-go/server.js')], {
    env: { PORT: String(port), TARGET: 'bench' },
    stdio: 'ignore',
  });
  while (!(await listening(port))) await new Promise((r) => setTimeout(r, pollMs));
  const ms = performance.now() - t0;
  child.kill('SIGKILL');
  return ms;
}
