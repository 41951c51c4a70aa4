// TaskRun / PipelineRun `Succeeded` condition (tektoncd/pipeline taskrun_types.go, pipelinerun_types.go):
// Unknown while running, True on success, False with a reason on failure.
import { ConditionSet, type Clock } from '../conditions/condition-set';
import type { Status } from '../meta';

export const TaskRunReasons = {
  Started: 'Started',
  Pending: 'Pending',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  ToBeRetried: 'ToBeRetried',
  TaskRunCancelled: 'TaskRunCancelled',
  TaskRunTimeout: 'TaskRunTimeout',
  TaskRunPending: 'TaskRunPending',
  TaskRunImagePullFailed: 'TaskRunImagePullFailed',
  TaskRunResolutionFailed: 'TaskRunResolutionFailed',
  TaskRunValidationFailed: 'TaskRunValidationFailed',
  InvalidParamValue: 'InvalidParamValue',
  StepFailed: 'StepFailed',
  FailureIgnored: 'FailureIgnored',
} as const;

export const PipelineRunReasons = {
  Started: 'Started',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Completed: 'Completed',
  Failed: 'Failed',
  Cancelled: 'Cancelled',
  PipelineRunPending: 'PipelineRunPending',
  PipelineRunTimeout: 'PipelineRunTimeout',
  PipelineRunStopping: 'PipelineRunStopping',
  CouldntGetPipeline: 'CouldntGetPipeline',
  CouldntGetTask: 'CouldntGetTask',
  ParameterMissing: 'ParameterMissing',
  ParameterTypeMismatch: 'ParameterTypeMismatch',
  PipelineValidationFailed: 'PipelineValidationFailed',
  PipelineInvalidGraph: 'PipelineInvalidGraph',
  InvalidTaskResultReference: 'InvalidTaskResultReference',
  CreateRunFailed: 'CreateRunFailed',
} as const;

export const TASKRUN_SUCCESS_MESSAGE = 'All Steps have completed executing';
export const RUN_CONDITION_SET = new ConditionSet('Succeeded', []);

export function runLifecycle(status: Status, clock: Clock) {
  const m = RUN_CONDITION_SET.manage(status, clock);
  const succeeded = () => m.getCondition('Succeeded');
  return {
    manager: m,
    initialize: () => m.initializeConditions(),
    isDone: () => succeeded() !== undefined && succeeded()?.status !== 'Unknown',
    isSuccessful: () => succeeded()?.status === 'True',
    isCancelled: () => succeeded()?.reason === TaskRunReasons.TaskRunCancelled || succeeded()?.reason === PipelineRunReasons.Cancelled,
    markStarted: () => m.markUnknown('Succeeded', TaskRunReasons.Started, ''),
    markRunning: (reason: string, message: string) => m.markUnknown('Succeeded', reason, message),
    markSucceeded: (reason: string, message: string) => m.markTrueWithReason('Succeeded', reason, message),
    markFailed: (reason: string, message: string) => m.markFalse('Succeeded', reason, message),
  };
}
