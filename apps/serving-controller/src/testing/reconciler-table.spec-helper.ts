// The table shape of Knative's reconciler tests (pkg/reconciler/testing TableTest):
// seed objects, reconcile one key, compare the writes. Expected objects are partial
// (toMatchObject), so a row states only what it is about.
import type { KubeObject } from '@knts/api';
import type { ReconcileResult } from '@knts/store';
import { InMemoryStore } from './in-memory-store';

export interface TableRow {
  name: string;
  objects: KubeObject[];
  key: string;
  wantCreates?: Array<Record<string, unknown>>;
  wantUpdates?: Array<Record<string, unknown>>;
  /** Status writes, each `{ metadata: { name }, status: {...} }` (partial). */
  wantStatus?: Array<Record<string, unknown>>;
  /** `kind/name` of deleted objects, cascades included. */
  wantDeletes?: string[];
  /** A substring of the error the reconcile throws. */
  wantErr?: string;
  wantResult?: ReconcileResult;
}

export const NOW = new Date('2026-01-01T00:00:00Z');

export function tableTest<R extends TableRow>(rows: R[], reconcile: (store: InMemoryStore, row: R) => (key: string) => Promise<ReconcileResult>): void {
  it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const store = new InMemoryStore(() => NOW);
    store.seed(...row.objects);
    let error: unknown;
    let result: ReconcileResult | undefined;
    try {
      result = await reconcile(store, row)(row.key);
    } catch (err) {
      error = err;
    }
    if (row.wantErr) expect(String(error)).toContain(row.wantErr);
    else if (error) throw error;
    if (row.wantResult !== undefined) expect(result).toEqual(row.wantResult);
    expect(store.writes('create')).toMatchObject(row.wantCreates ?? []);
    expect(store.writes('update')).toMatchObject(row.wantUpdates ?? []);
    expect(store.writes('updateStatus')).toMatchObject(row.wantStatus ?? []);
    expect(store.writes('delete').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(row.wantDeletes ?? []);
  });
}
