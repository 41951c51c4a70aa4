import type { AutoscalerPokeData, AutoscalerStatData } from '@knts/events';
import type { AutoscalerStatSink } from './autoscaler-stat-sink';
import { DeferredStatSink } from './deferred-stat-sink';

const stat: AutoscalerStatData = {
  namespace: 'default',
  revision: 'hello-00001',
  podName: 'activator-1',
  averageConcurrentRequests: 1,
  averageProxiedConcurrentRequests: 0,
  requestCount: 1,
  proxiedRequestCount: 0,
  processUptime: 0,
  timestamp: '2025-01-01T00:00:00.000Z',
};
const poke: AutoscalerPokeData = { namespace: 'default', revision: 'hello-00001', timestamp: '2025-01-01T00:00:00.000Z' };

it('drops stats and pokes until connected, then forwards them', () => {
  const sent: string[] = [];
  const target: AutoscalerStatSink = { stat: () => sent.push('stat'), poke: () => sent.push('poke') };
  const sink = new DeferredStatSink();
  sink.stat(stat);
  sink.poke(poke);
  expect(sink.connected).toBe(false);
  sink.connect(target);
  sink.stat(stat);
  sink.poke(poke);
  expect(sent).toEqual(['stat', 'poke']);
});
