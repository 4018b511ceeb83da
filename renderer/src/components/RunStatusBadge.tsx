/** A run's status in words with an icon. */
import type { RunListItem } from '../api';
import { BlockIcon, CheckIcon, FailIcon, PauseIcon, SkipIcon, Spinner } from './Icons';

const RUN_STATUS: Record<
  RunListItem['status'],
  { label: string; tone: string; Icon: typeof CheckIcon }
> = {
  running: { label: 'Interrupted', tone: 'warn', Icon: PauseIcon },
  'paused-reboot': { label: 'Waiting for a restart', tone: 'info', Icon: PauseIcon },
  'waiting-answer': { label: 'Waiting for you', tone: 'info', Icon: PauseIcon },
  blocked: { label: 'Blocked', tone: 'fail', Icon: BlockIcon },
  failed: { label: 'Failed', tone: 'fail', Icon: FailIcon },
  finished: { label: 'Finished', tone: 'pass', Icon: CheckIcon },
  cancelled: { label: 'Cancelled', tone: 'unknown', Icon: SkipIcon },
  abandoned: { label: 'Abandoned', tone: 'unknown', Icon: SkipIcon },
};

export function RunStatusBadge({
  status,
  active,
}: {
  status: RunListItem['status'];
  active?: boolean;
}) {
  if (active) {
    return (
      <span className="badge badge-info">
        <Spinner />
        <span>Working</span>
      </span>
    );
  }
  const s = RUN_STATUS[status];
  return (
    <span className={`badge badge-${s.tone}`}>
      <s.Icon />
      <span>{s.label}</span>
    </span>
  );
}
