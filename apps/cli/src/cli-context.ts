// What every command receives: the global flags, output streams, a clock, and ways to reach the
// platform. Commands get a ResourceStore from here and never open connections themselves.
import type { ResourceStore } from '@knts/store';
import type { RevisionLoadFeed } from './commands/revision-load';
import type { TypeResolver } from './resource-args';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export interface GlobalOptions {
  namespace: string;
  /** -n given on the command line (apply refuses a manifest in another namespace then). */
  namespaceExplicit: boolean;
  allNamespaces: boolean;
  natsUrl: string;
  prefix: string;
}

export interface CliContext extends GlobalOptions {
  io: Output;
  now(): Date;
  resolveType: TypeResolver;
  openStore(): Promise<ResourceStore>;
  /** The autoscaler's decisions, for `get revisions -w`; on the connection the store opened. */
  openLoadFeed?(): RevisionLoadFeed;
  /** Aborted on Ctrl-C/SIGTERM: long-running commands (`-w`, `-f`, `wait`) return when it fires. */
  signal: AbortSignal;
}
