/** Interactive answers on a terminal (only when stdin is a TTY and no --yes/--answers). */
import readline from 'node:readline';
import { PromptCancelled, type AnswerProvider } from '../engine/answers';
import type { AnswerValue, Question } from '../../shared/model';

/** A wrong answer is asked again this many times before the run waits instead (exit 4). */
const MAX_TRIES = 5;

export function terminalProvider(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): AnswerProvider {
  return {
    async ask(q, ctx) {
      const rl = readline.createInterface({ input, output, terminal: isTty(input) });
      const say = (line: string) => output.write(`${line}\n`);
      try {
        if (ctx.problem) say(`  ${ctx.problem}.`);
        for (let i = 0; i < MAX_TRIES; i++) {
          const got = await askOnce(rl, q, say);
          if (got === 'again') continue;
          if (got === undefined) return undefined;
          const checked = ctx.check?.(got);
          if (checked && 'problem' in checked) {
            say(`  ${checked.problem}. Try again.`);
            continue;
          }
          return { value: got, source: 'prompt' };
        }
        return undefined;
      } finally {
        rl.close();
      }
    },
  };
}

function isTty(s: NodeJS.ReadableStream): boolean {
  return (s as NodeJS.ReadStream).isTTY === true;
}

/** One question: a value, 'again' (ask once more), or undefined (no answer: the run waits). */
async function askOnce(
  rl: readline.Interface,
  q: Question,
  say: (line: string) => void,
): Promise<AnswerValue | 'again' | undefined> {
  if (q.kind === 'confirm') {
    if (q.phrase) {
      const typed = (
        await question(rl, `${q.prompt}\n  Type ${q.phrase} to go ahead (Enter alone stops): `)
      ).trim();
      if (typed === '') return false;
      if (typed === q.phrase) return true;
      // A typo is not a "no": say what differs and ask again.
      say(`  That is not "${q.phrase}" (letters and case must match).`);
      return 'again';
    }
    // A recommended choice that may be declined (a restore point) says so: Enter takes it.
    const yesByDefault = !q.required && q.default === true;
    const a = (await question(rl, `${q.prompt} ${yesByDefault ? '[Y/n]' : '[y/N]'} `))
      .trim()
      .toLowerCase();
    if (a === '') return yesByDefault;
    return a === 'y' || a === 'yes';
  }
  const suffix =
    q.default !== undefined
      ? ` (Enter for ${String(q.default)})`
      : q.required
        ? ''
        : ' (Enter to skip)';
  const a = (await question(rl, `${q.prompt}${suffix}: `)).trim();
  if (a === '') {
    if (q.default !== undefined) return q.default;
    if (!q.required) return '';
    say('  An answer is needed here.');
    return 'again';
  }
  if (q.kind === 'number') {
    const n = Number(a);
    if (Number.isFinite(n)) return n;
    say(`  "${a}" is not a number.`);
    return 'again';
  }
  return a;
}

/** rl.question, where Ctrl-C or the end of input is a clean cancel (PromptCancelled). */
function question(rl: readline.Interface, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const cancel = () => {
      rl.off('close', cancel);
      rl.off('SIGINT', cancel);
      reject(new PromptCancelled());
    };
    rl.once('SIGINT', cancel);
    rl.once('close', cancel);
    rl.question(text, (answer) => {
      rl.off('close', cancel);
      rl.off('SIGINT', cancel);
      resolve(answer);
    });
  });
}
