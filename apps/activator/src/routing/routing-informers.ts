// Keeps a RoutingTable current from the store informers, one changed object at a time.
import type { KubeObject, Revision, Route } from '@knts/api';
import type { Informer } from '@knts/store';
import type { RoutingTable } from './routing-table';

/** Informers of plain KubeObjects: the store's generic cache; the typed views are made here. */
export interface RoutingInformers {
  routes: Informer<KubeObject>;
  revisions: Informer<KubeObject>;
  pods: Informer<KubeObject>;
}

// Route and Revision allow `creationTimestamp: null` (kubectl output) where KubeObject does not.
const asRoute = (o: KubeObject): Route => o as unknown as Route;
const asRevision = (o: KubeObject): Revision => o as unknown as Revision;

/** Subscribes; the returned function unsubscribes. Existing objects arrive as adds. */
export function connectRoutingTable(table: RoutingTable, informers: RoutingInformers): () => void {
  const stops = [
    // Revisions first: a Route's backends then start with the right timeouts.
    informers.revisions.addEventHandler({
      onAdd: (r) => table.setRevision(asRevision(r)),
      onUpdate: (_, r) => table.setRevision(asRevision(r)),
      onDelete: (r) => table.deleteRevision(asRevision(r)),
    }),
    informers.pods.addEventHandler({
      onAdd: (p) => table.setPod(p),
      onUpdate: (_, p) => table.setPod(p),
      onDelete: (p) => table.deletePod(p),
    }),
    informers.routes.addEventHandler({
      onAdd: (r) => table.setRoute(asRoute(r)),
      onUpdate: (_, r) => table.setRoute(asRoute(r)),
      onDelete: (r) => table.deleteRoute(asRoute(r)),
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
