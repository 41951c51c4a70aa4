// Per-kind condition sets: which conditions make each kind Ready (or Succeeded).
import type { Status } from '../meta';
import { brokerLifecycle } from '../eventing/broker.lifecycle';
import { triggerLifecycle } from '../eventing/trigger.lifecycle';
import { configurationLifecycle } from '../serving/configuration.lifecycle';
import { revisionLifecycle } from '../serving/revision.lifecycle';
import { routeLifecycle } from '../serving/route.lifecycle';
import { serviceLifecycle } from '../serving/service.lifecycle';
import { sourceLifecycle } from '../sources/source.lifecycle';
import { runLifecycle, TaskRunReasons } from '../tekton/run.lifecycle';

const clock = () => new Date('2024-05-01T10:00:00Z');

describe('lifecycles', () => {
  it('Service is Ready once configuration and route are', () => {
    const status: Status = {};
    const svc = serviceLifecycle(status, clock);
    svc.initialize();
    svc.markConfigurationsReady();
    expect(svc.isReady()).toBe(false);
    svc.markRoutesReady();
    expect(svc.isReady()).toBe(true);
    svc.markRouteNotOwned('hello');
    expect(svc.manager.getTopLevelCondition()).toMatchObject({ status: 'False', reason: 'NotOwned' });
  });

  it('Configuration fails with its latest revision', () => {
    const status: Status = {};
    const cfg = configurationLifecycle(status, clock);
    cfg.markLatestCreatedFailed('hello-00001', 'image not found');
    expect(cfg.manager.getTopLevelCondition()).toMatchObject({ status: 'False', reason: 'RevisionFailed', message: 'Revision "hello-00001" failed with message: image not found.' });
  });

  it('Revision stays Ready when it goes inactive (Active is informational)', () => {
    const status: Status = {};
    const rev = revisionLifecycle(status, clock);
    rev.initialize();
    rev.markResourcesAvailable();
    rev.markContainerHealthy();
    rev.markInactive('NoTraffic', 'The target is not receiving traffic.');
    expect(rev.isReady()).toBe(true);
    expect(rev.manager.getCondition('Active')).toMatchObject({ status: 'False', severity: 'Info' });
    rev.markContainerUnhealthy('ExitCode1', 'container exited');
    expect(rev.isReady()).toBe(false);
  });

  it('Route needs traffic, ingress and certificate', () => {
    const status: Status = {};
    const rt = routeLifecycle(status, clock);
    rt.initialize();
    rt.markTrafficAssigned();
    rt.markIngressReady();
    expect(rt.isReady()).toBe(false);
    rt.markTLSNotEnabled('TLS is not enabled');
    expect(rt.isReady()).toBe(true);
  });

  it('Broker needs ingress, channel, filter, address and dead letter sink', () => {
    const status: Status = {};
    const b = brokerLifecycle(status, clock);
    b.initialize();
    b.markIngressReady();
    b.markTriggerChannelReady();
    b.markFilterReady();
    b.markAddressable();
    expect(b.isReady()).toBe(false);
    b.markDeadLetterSinkNotConfigured();
    expect(b.isReady()).toBe(true);
  });

  it('Trigger reports a missing broker', () => {
    const status: Status = {};
    const t = triggerLifecycle(status, clock);
    t.initialize();
    t.markBrokerNotFound('default');
    expect(t.manager.getTopLevelCondition()).toMatchObject({ status: 'False', reason: 'BrokerDoesNotExist', message: 'Broker "default" does not exist' });
  });

  it.each(['PingSource', 'CronJobSource', 'ContainerSource'])('%s is Ready with a sink and a deployment', (kind) => {
    const status: Status = {};
    const s = sourceLifecycle(kind, status, clock);
    s.initialize();
    s.markSink('http://event-display.default.svc.cluster.local');
    expect(s.isReady()).toBe(false);
    s.markDeployed();
    expect(s.isReady()).toBe(true);
    s.markSink('');
    expect(s.manager.getTopLevelCondition()).toMatchObject({ status: 'False', reason: 'SinkEmpty' });
  });

  it('TaskRun goes Started -> Running -> Failed(TaskRunTimeout)', () => {
    const status: Status = {};
    const run = runLifecycle(status, clock);
    run.markStarted();
    run.markRunning(TaskRunReasons.Running, 'Not all Steps in the Task have finished executing');
    expect(run.isDone()).toBe(false);
    run.markFailed(TaskRunReasons.TaskRunTimeout, 'TaskRun "build" failed to finish within "1h0m0s"');
    expect(run.isDone()).toBe(true);
    expect(run.isSuccessful()).toBe(false);
    expect(status.conditions?.[0]).toMatchObject({ type: 'Succeeded', status: 'False', reason: 'TaskRunTimeout' });
  });
});
