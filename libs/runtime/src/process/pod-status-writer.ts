// Keeps each replica's Pod in the store current without piling up writes: changes mark a Pod
// dirty and one loop per Pod writes the newest status, so writes for a Pod never race each other.
import type { KubeObject, ResourceType } from '@knts/api';
import type { ResourceStore } from '@knts/store';
import { NotFoundError } from '@knts/store';

interface Entry {
  dirty: boolean;
  loop?: Promise<void>;
  gone: boolean;
  /** Writes wait for it (the Pod's create); false means there is no Pod to write. */
  gate?: Promise<boolean>;
}

export class PodStatusWriter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: ResourceStore,
    private readonly podType: ResourceType,
    private readonly onError: (err: unknown, pod: string) => void,
  ) {}

  /** Schedules a write of `status()` (read when the write happens, so it is the newest). */
  markDirty(namespace: string, name: string, status: () => Record<string, unknown>): void {
    const key = `${namespace}/${name}`;
    const entry = this.entries.get(key) ?? { dirty: false, gone: false };
    this.entries.set(key, entry);
    if (entry.gone) return;
    entry.dirty = true;
    if (!entry.loop) entry.loop = this.run(entry, namespace, name, status);
  }

  /** Writes for the Pod wait until `created` resolves: true once the Pod exists, false if it never will. */
  waitFor(namespace: string, name: string, created: Promise<boolean>): void {
    const key = `${namespace}/${name}`;
    const entry = this.entries.get(key) ?? { dirty: false, gone: false };
    this.entries.set(key, entry);
    entry.gate = created;
  }

  /** Drops what is kept for a Pod without deleting it (it was never created). */
  forget(namespace: string, name: string): void {
    const entry = this.entries.get(`${namespace}/${name}`);
    if (entry) entry.gone = true;
    this.entries.delete(`${namespace}/${name}`);
  }

  /** Resolves once every change marked so far is in the store. */
  async flush(namespace: string, name: string): Promise<void> {
    await this.entries.get(`${namespace}/${name}`)?.loop;
  }

  /** Waits for pending writes, then deletes the Pod; a Pod already gone (cascade) is fine. */
  async remove(namespace: string, name: string): Promise<void> {
    const key = `${namespace}/${name}`;
    const entry = this.entries.get(key);
    if (entry) {
      entry.gone = true;
      await entry.loop;
    }
    this.entries.delete(key);
    await this.store.delete(this.podType, namespace, name).catch((err: unknown) => {
      if (!(err instanceof NotFoundError)) this.onError(err, name);
    });
  }

  private async run(
    entry: Entry,
    namespace: string,
    name: string,
    status: () => Record<string, unknown>,
  ): Promise<void> {
    try {
      if (entry.gate && !(await entry.gate)) entry.gone = true;
      while (entry.dirty && !entry.gone) {
        entry.dirty = false;
        const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, status: status() };
        try {
          await this.store.updateStatus(pod);
        } catch (err) {
          // Deleted underneath us (the Revision's cascade): nothing left to keep current.
          if (err instanceof NotFoundError) entry.gone = true;
          else this.onError(err, name);
        }
      }
    } finally {
      entry.loop = undefined;
    }
  }
}
