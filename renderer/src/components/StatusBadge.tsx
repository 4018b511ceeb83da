/** A check's status: icon + word (never color alone), with the color as a third cue. */
import type { CheckStatus } from '../api';
import { CheckIcon, FailIcon, UnknownIcon, WarnIcon } from './Icons';

export const CHECK_LABEL: Record<CheckStatus, string> = {
  pass: 'Pass',
  warn: 'Warning',
  fail: 'Fail',
  unknown: 'Unknown',
};

const ICON = { pass: CheckIcon, warn: WarnIcon, fail: FailIcon, unknown: UnknownIcon } as const;

export function StatusBadge({ status }: { status: CheckStatus }) {
  const Icon = ICON[status];
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      <Icon />
      <span>{CHECK_LABEL[status]}</span>
    </span>
  );
}
