/**
 * `sc queryex NAME` and `sc qc NAME`. The labels (STATE, START_TYPE) are translated on some
 * Windows languages, but the numeric codes never are, and the English keyword after the number
 * has stayed English in every localized sample we found — so a line counts when either its
 * label or its keyword is one we know, and only the number decides the answer.
 */
import type { ServiceState, StartType } from '../ports';
import { splitLines } from './text';

export interface ScQueryEx {
  state: ServiceState;
  /** Process id; null when absent or 0 (not running). */
  pid: number | null;
}

export interface ScQc {
  startType: StartType;
  /** `AUTO_START  (DELAYED)` */
  delayed: boolean;
  missing: boolean;
}

const STATE_CODES: Record<number, ServiceState> = {
  1: 'stopped',
  2: 'start_pending',
  3: 'stop_pending',
  4: 'running',
  // CONTINUE_PENDING is on its way back to running; PAUSE_PENDING no longer serves requests.
  5: 'start_pending',
  6: 'paused',
  7: 'paused',
};

const START_CODES: Record<number, StartType> = {
  0: 'boot',
  1: 'system',
  2: 'auto',
  3: 'demand',
  4: 'disabled',
};

const STATE_LABELS = /^(STATE|STATUS|ZUSTAND|ESTADO|[EÉ]TAT|STATO|STAN|СОСТОЯНИЕ|状态|狀態|状態)$/i;
const STATE_WORDS =
  /^(STOPPED|START_PENDING|STOP_PENDING|RUNNING|CONTINUE_PENDING|PAUSE_PENDING|PAUSED)\b/;
const START_LABELS =
  /^(START_TYPE|STARTTYP|TIPO_AVVIO|TIPO_INICIO|TYPE_DEMARRAGE|启动类型|啟動類型)$/i;
const START_WORDS = /^(BOOT_START|SYSTEM_START|AUTO_START|DEMAND_START|DISABLED)\b/;

/** `LABEL : <number>  <WORD> rest` */
const CODE_LINE = /^\s*([^:\r\n]+?)\s*:\s*(\d+)\s+(\S+)(.*)$/;

/** ERROR_SERVICE_DOES_NOT_EXIST, printed as "OpenService FAILED 1060" (FAILED/ERROR/失败 vary). */
export function isMissingService(text: string, exitCode?: number | null): boolean {
  return exitCode === 1060 || /OpenService\D{0,40}\b1060\b/.test(text);
}

export function parseScQueryEx(text: string, exitCode?: number | null): ScQueryEx {
  if (isMissingService(text, exitCode)) return { state: 'missing', pid: null };
  let state: ServiceState = 'unknown';
  let pid: number | null = null;
  for (const line of splitLines(text)) {
    const m = CODE_LINE.exec(line);
    if (m && state === 'unknown' && (STATE_LABELS.test(m[1]!) || STATE_WORDS.test(m[3]!))) {
      state = STATE_CODES[Number(m[2])] ?? 'unknown';
      continue;
    }
    const p = /^\s*PID\s*:\s*(\d+)\s*$/i.exec(line);
    if (p) {
      const n = Number(p[1]);
      pid = n > 0 ? n : null;
    }
  }
  return { state, pid };
}

export function parseScQc(text: string, exitCode?: number | null): ScQc {
  if (isMissingService(text, exitCode))
    return { startType: 'unknown', delayed: false, missing: true };
  for (const line of splitLines(text)) {
    const m = CODE_LINE.exec(line);
    if (!m || !(START_LABELS.test(m[1]!) || START_WORDS.test(m[3]!))) continue;
    const startType = START_CODES[Number(m[2])] ?? 'unknown';
    // The "(DELAYED)" marker is the only parenthesis sc prints on this line.
    const delayed = startType === 'auto' && /\(\s*\S+\s*\)/.test(m[4] ?? '');
    return { startType, delayed, missing: false };
  }
  return { startType: 'unknown', delayed: false, missing: false };
}
