// Which admission pipeline serves each kind (kinds are unique across the groups knts serves).
import { admitConfigMap, admitNamespace, admitPod, admitSecret } from '../core/core.admission';
import { admitBroker, admitTrigger } from '../eventing/eventing.admission';
import { admitConfiguration, admitRevision, admitRoute, admitService } from '../serving/serving.admission';
import {
  admitApiServerSource,
  admitCloudPubSubSource,
  admitContainerSource,
  admitCronJobSource,
  admitPingSource,
  admitPullSubscription,
  admitSinkBinding,
} from '../sources/sources.admission';
import { admitPipeline, admitPipelineResource, admitPipelineRun, admitTask, admitTaskRun } from '../tekton/tekton.admission';
import type { KindAdmission } from './kind-admission';

export const KIND_ADMISSIONS: Readonly<Record<string, KindAdmission>> = {
  Service: admitService,
  Configuration: admitConfiguration,
  Revision: admitRevision,
  Route: admitRoute,
  Broker: admitBroker,
  Trigger: admitTrigger,
  PingSource: admitPingSource,
  ContainerSource: admitContainerSource,
  SinkBinding: admitSinkBinding,
  ApiServerSource: admitApiServerSource,
  CronJobSource: admitCronJobSource,
  PullSubscription: admitPullSubscription,
  CloudPubSubSource: admitCloudPubSubSource,
  Task: admitTask,
  TaskRun: admitTaskRun,
  Pipeline: admitPipeline,
  PipelineRun: admitPipelineRun,
  PipelineResource: admitPipelineResource,
  ConfigMap: admitConfigMap,
  Secret: admitSecret,
  Pod: admitPod,
  Namespace: admitNamespace,
};
