import type { KubeObject } from '@knts/api';
import { Informer } from './informer';
import type { ListResult, ResourceStore, Watch, WatchEvent, WatchOptions } from './resource-store';
import { SERVICES, eventually, service } from './store-fixtures.spec-helper';

/** A store whose watches the test drives: push events, or end a watch with an error. */
class ScriptedStore {
  items: KubeObject[] = [];
  revision = '10';
  lists = 0;
  failNextWatchStart = false;
  watches: Array<{ options: WatchOptions; push: (e: WatchEvent) => void; fail: (err: Error) => void }> = [];

  async list(): Promise<ListResult> {
    this.lists++;
    return { items: structuredClone(this.items), resourceVersion: this.revision };
  }

  watch(_type: unknown, options: WatchOptions, onEvent: (e: WatchEvent) => void): Watch {
    let fail!: (err: Error) => void;
    const ended = new Promise<Error | undefined>((resolve) => (fail = resolve));
    const ready = this.failNextWatchStart ? Promise.reject(new Error('cannot resume')) : Promise.resolve();
    this.failNextWatchStart = false;
    this.watches.push({ options, push: onEvent, fail });
    return { ready, ended, stop: async () => fail(undefined as unknown as Error) };
  }
}

function rv(o: KubeObject, v: string): KubeObject {
  return { ...o, metadata: { ...o.metadata, resourceVersion: v } };
}

describe('Informer', () => {
  it('lists, then watches from the list revision', async () => {
    const store = new ScriptedStore();
    store.items = [rv(service('a'), '5')];
    const informer = new Informer({ store: store as unknown as ResourceStore, type: SERVICES, retryDelayMs: 1 });
    await informer.start();
    expect(informer.get('default', 'a')).toBeDefined();
    expect(store.watches[0].options.resourceVersion).toBe('10');
    await informer.stop();
  });

  it('resumes from the last event revision after a watch error, and relists when resuming fails', async () => {
    const store = new ScriptedStore();
    store.items = [rv(service('a'), '5'), rv(service('b'), '6')];
    const informer = new Informer({ store: store as unknown as ResourceStore, type: SERVICES, retryDelayMs: 1 });
    const log: string[] = [];
    informer.addEventHandler({
      onAdd: (o) => log.push(`add ${o.metadata.name}`),
      onUpdate: (_a, o) => log.push(`update ${o.metadata.name}`),
      onDelete: (o) => log.push(`delete ${o.metadata.name}`),
    });
    await informer.start();
    store.watches[0].push({ type: 'MODIFIED', object: rv(service('a', { v: 2 }), '11'), resourceVersion: '11' });
    store.watches[0].fail(new Error('consumer lost'));
    await eventually(() => expect(store.watches).toHaveLength(2));
    expect(store.watches[1].options.resourceVersion).toBe('11');
    expect(store.lists).toBe(1);

    // The resumed watch fails to start, and so does the next resume: the informer relists and diffs.
    store.failNextWatchStart = true;
    store.items = [rv(service('a', { v: 2 }), '11'), rv(service('c'), '12')];
    store.revision = '12';
    store.watches[1].fail(new Error('consumer lost again'));
    await eventually(() => expect(store.lists).toBe(2));
    await eventually(() => expect(store.watches.at(-1)?.options.resourceVersion).toBe('12'));
    expect(informer.keys().sort()).toEqual(['default/a', 'default/c']);
    expect(log).toEqual(['add a', 'add b', 'update a', 'add c', 'delete b']);
    await informer.stop();
  });
});
