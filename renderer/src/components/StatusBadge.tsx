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

/** A fact that is the cause of the problem (DiskCryptor installed): not good for this job. */
export function CauseBadge() {
  return (
    <span className="badge badge-fail" data-status="cause">
      <FailIcon />
      <span>Cause</span>
    </span>
  );
}
