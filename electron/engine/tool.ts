/** Who made a run log: this tool (name, version) and the person running it (user, host). */
import os from 'node:os';
import pkg from '../../package.json';

export const TOOL = { name: 'Workstation Ops', version: pkg.version } as const;

export interface Operator {
  user: string;
  host: string;
}

/** The OS (on Windows, the Windows) account running this process, and the computer's name. */
export function currentOperator(env: NodeJS.ProcessEnv = process.env): Operator {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry (some containers): the environment's word is the best there is.
    user = env.USERNAME ?? env.USER ?? 'unknown';
  }
  const domain = process.platform === 'win32' ? env.USERDOMAIN : undefined;
  return { user: domain ? `${domain}\\${user}` : user, host: os.hostname() };
}
