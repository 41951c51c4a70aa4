// What every serving reconciler is handed: reads from caches, writes to the store, and a clock.
import type { Clock } from '@knts/api';
import type { ResourceStore } from '@knts/store';
import type { ObjectLister } from './object-lister';

export interface ReconcilerDeps {
  store: ResourceStore;
  lister: ObjectLister;
  clock: Clock;
}
