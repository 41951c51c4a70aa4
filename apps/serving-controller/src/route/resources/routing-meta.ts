// What the route labeler writes on the Revisions and Configurations a Route sends traffic to
// (knative/serving pkg/reconciler/labeler/accessors.go, labeler v2), plus the older single
// `serving.knative.dev/route` label (labeler v1) that other knts services select on.
import type { ObjectMeta } from '@knts/api';
import { sameMap } from '../../json-equal';
import { ServingAnnotations, ServingLabels } from '../../serving-keys';

export function routesOf(meta: ObjectMeta): Set<string> {
  return new Set((meta.annotations?.[ServingAnnotations.routes] ?? '').split(',').filter((r) => r !== ''));
}

/**
 * The labels and annotations `meta` should carry once `route` is added to (or removed from) its
 * routes; undefined when nothing changes. Revisions also get the route label and routingState
 * active/reserve with the time it last changed, which GC orders by. Configurations get only the
 * annotation: their labels belong to the Service that owns them.
 */
export function routingMeta(
  meta: ObjectMeta,
  kind: 'Revision' | 'Configuration',
  route: string,
  remove: boolean,
  now: string,
): { labels: Record<string, string>; annotations: Record<string, string> } | undefined {
  const routes = routesOf(meta);
  if (remove) routes.delete(route);
  else routes.add(route);
  const sorted = [...routes].sort();
  const labels = { ...(meta.labels ?? {}) };
  const annotations = { ...(meta.annotations ?? {}) };

  if (sorted.length > 0) annotations[ServingAnnotations.routes] = sorted.join(',');
  else delete annotations[ServingAnnotations.routes];
  if (kind === 'Revision') {
    // One label can name one Route; the routes annotation is the complete list.
    if (sorted.length > 0) labels[ServingLabels.route] = sorted[0];
    else delete labels[ServingLabels.route];
    const state = sorted.length > 0 ? 'active' : 'reserve';
    if (labels[ServingLabels.routingState] !== state) {
      labels[ServingLabels.routingState] = state;
      annotations[ServingAnnotations.routingStateModified] = now;
    }
  }
  if (sameMap(labels, meta.labels) && sameMap(annotations, meta.annotations)) return undefined;
  return { labels, annotations };
}
