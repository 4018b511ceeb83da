/**
 * The renderer's only door to the rest of the app: `window.api`, built by the preload (or, in the
 * browser tests, by the harness) from the shared contract.
 */
import type { Api } from '../../shared/ipc';

declare global {
  interface Window {
    api: Api;
  }
}

export function api(): Api {
  return window.api;
}

export type {
  AppEvent,
  AppWorkflow,
  BundleView,
  CommandRun,
  ExportFormat,
  MachineChoice,
  PracticeMachine,
  Reminder,
  RunListItem,
  RunView,
  AnswerItem,
} from '../../shared/ipc';
export type { MachineHealth, Disk, Filesystem } from '../../shared/health';
export type {
  CheckResult,
  CheckStatus,
  MachineRef,
  Progress,
  Question,
  RunState,
  StepState,
  StepStatus,
  StepSummary,
  WorkflowSummary,
} from '../../shared/model';
