// Runs one probe attempt against a replica: TCP connect, HTTP GET (200-399 passes, as the
// kubelet's), or a command (exit 0 passes). Resolves false on timeout rather than throwing.
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { ProbeAction } from './probe-settings';

export interface ExecContext {
  env: Record<string, string>;
  cwd: string;
}

// Knative's queue-proxy identifies its probes with K-Network-Probe; kube-probe is the kubelet's agent.
const PROBE_HEADERS = { 'User-Agent': 'kube-probe/1.30', 'K-Network-Probe': 'queue' };

export function checkProbe(action: ProbeAction, timeoutMs: number, exec: ExecContext): Promise<boolean> {
  switch (action.kind) {
    case 'tcp':
      return new Promise((resolve) => {
        const socket = connect({ host: action.host, port: action.port });
        const done = (ok: boolean): void => {
          clearTimeout(timer);
          socket.destroy();
          resolve(ok);
        };
        const timer = setTimeout(() => done(false), timeoutMs);
        socket.once('connect', () => done(true));
        socket.once('error', () => done(false));
      });
    case 'http':
      return new Promise((resolve) => {
        const request = action.scheme === 'https' ? httpsRequest : httpRequest;
        const headers: Record<string, string> = { ...PROBE_HEADERS };
        for (const [name, value] of action.headers) headers[name] = value;
        let settled = false;
        const done = (ok: boolean): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          req.destroy();
          resolve(ok);
        };
        const req = request(
          {
            host: action.host,
            port: action.port,
            path: action.path,
            method: 'GET',
            headers,
            agent: false,
            rejectUnauthorized: false,
          },
          (res) => {
            res.resume();
            const status = res.statusCode ?? 0;
            done(status >= 200 && status < 400);
          },
        );
        const timer = setTimeout(() => done(false), timeoutMs);
        req.once('error', () => done(false));
        req.end();
      });
    case 'exec':
      return new Promise((resolve) => {
        const [file, ...args] = action.command;
        const child = spawn(file, args, { env: exec.env, cwd: exec.cwd, stdio: 'ignore' });
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve(false);
        }, timeoutMs);
        child.once('error', () => {
          clearTimeout(timer);
          resolve(false);
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code === 0);
        });
      });
  }
}
