import { RevisionBackend } from '../routing/revision-backend';
import type { HostRoute } from '../routing/routing-table';
import { roundRobin } from './endpoint-policy';
import { pickRevision } from './pick-revision';
import { Endpoint } from '../routing/endpoint';

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

describe('roundRobin', () => {
  it('cycles through the ready endpoints and gives nothing when there are none', () => {
    const backend = new RevisionBackend('default', 'a');
    expect(roundRobin(backend)).toBeUndefined();
    backend.ready = [new Endpoint('p1', '10.0.0.1', 1), new Endpoint('p2', '10.0.0.2', 1)];
    expect([1, 2, 3, 4].map(() => roundRobin(backend)!.podKey)).toEqual(['p1', 'p2', 'p1', 'p2']);
  });
});
