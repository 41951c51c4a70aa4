// Liveness and readiness of one service. Components that own a dependency (NATS, Redis, a
// listener, store watches) register a check; /readyz passes only when all of them do.
import { Injectable } from '@nestjs/common';

export type HealthCheck = () => boolean | Promise<boolean>;

export interface HealthReport {
  ok: boolean;
  /** Names of the checks that did not pass, in registration order. */
  failing: string[];
  shuttingDown: boolean;
}

/** A check that hangs counts as failing, so a probe never waits on a stuck dependency. */
const CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  private readonly readiness = new Map<string, HealthCheck>();
  private readonly liveness = new Map<string, HealthCheck>();
  private shuttingDown = false;

  /** Registers (or replaces) a readiness check; returns a function that removes it. */
  registerReadiness(name: string, check: HealthCheck): () => void {
    this.readiness.set(name, check);
    return () => {
      if (this.readiness.get(name) === check) this.readiness.delete(name);
    };
  }

  /** A liveness check fails only when the process cannot recover by itself and must restart. */
  registerLiveness(name: string, check: HealthCheck): () => void {
    this.liveness.set(name, check);
    return () => {
      if (this.liveness.get(name) === check) this.liveness.delete(name);
    };
  }

  /** First step of a graceful shutdown: stop attracting traffic before anything closes. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async checkReadiness(): Promise<HealthReport> {
    const failing = await runChecks(this.readiness);
    return { ok: failing.length === 0 && !this.shuttingDown, failing, shuttingDown: this.shuttingDown };
  }

  async checkLiveness(): Promise<HealthReport> {
    const failing = await runChecks(this.liveness);
    return { ok: failing.length === 0, failing, shuttingDown: this.shuttingDown };
  }
}

async function runChecks(checks: ReadonlyMap<string, HealthCheck>): Promise<string[]> {
  const results = await Promise.all(
    [...checks].map(async ([name, check]) => ((await passes(check)) ? undefined : name)),
  );
  return results.filter((name): name is string => name !== undefined);
}

async function passes(check: HealthCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
