// The port `knts logs` reads container output through; the JetStream adapter implements it.

export interface LogTarget {
  namespace: string;
  pod: string;
  container: string;
}

export interface LogLine {
  target: LogTarget;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface LogReadOptions {
  /** Keep printing new lines until the signal fires. */
  follow: boolean;
  /** Only the last N lines of each container (kubectl `--tail`). */
  tail?: number;
  signal: AbortSignal;
}

export interface LogReader {
  read(targets: readonly LogTarget[], options: LogReadOptions, onLine: (line: LogLine) => void): Promise<void>;
}
