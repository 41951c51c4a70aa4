import { RevisionBackend } from '../routing/revision-backend';
import type { HostRoute } from '../routing/routing-table';
import { pickRevision } from './pick-revision';

describe('pickRevision', () => {
  const a = new RevisionBackend('default', 'a');
  const b = new RevisionBackend('default', 'b');
  const route: HostRoute = { routeKey: 'default/r', host: 'r', backends: [a, b], cumulative: [10, 100], total: 100 };
  it.each([
    [0, 'a'],
    [0.0999, 'a'],
    [0.1, 'b'],
    [0.9999, 'b'],
  ])('random %d → %s', (random, want) => expect(pickRevision(route, random).name).toBe(want));
});
