// CI runs the platform benchmarks in their short smoke form (DESIGN §6): they must run end to
// end and save a result in the shared format. Their figures are not asserted (no timing tests).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@knts/testing';

describe.each(['serving-ready', 'coldstart'])('npm run bench -- %s --smoke', (name) => {
  it('runs and saves bench/results/<name>.smoke.json with figures, baseline, ratios and goals', () => {
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bench/run.js'), name, '--smoke'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect({ status: run.status, stderr: run.stderr.slice(-2000) }).toEqual({ status: 0, stderr: expect.any(String) });
    const saved = JSON.parse(readFileSync(join(REPO_ROOT, 'bench/results', `${name}.smoke.json`), 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ name, smoke: true, node: process.version, cpus: expect.any(Number) });
    for (const section of ['figures', 'baseline', 'ratios', 'goals']) {
      expect(Object.keys(saved[section] as object).length).toBeGreaterThan(0);
    }
  });
});
