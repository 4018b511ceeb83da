/** Interactive answers on a terminal (only when stdin is a TTY and no --yes/--answers). */
import readline from 'node:readline/promises';
import type { AnswerProvider } from '../engine/answers';

export function terminalProvider(
  input: NodeJS.ReadStream,
  output: NodeJS.WriteStream,
): AnswerProvider {
  return {
    async ask(q) {
      const rl = readline.createInterface({ input, output });
      try {
        if (q.kind === 'confirm') {
          if (q.phrase) {
            const typed = await rl.question(
              `${q.prompt}\n  Type ${q.phrase} to go ahead (anything else stops): `,
            );
            return { value: typed.trim() === q.phrase, source: 'prompt' };
          }
          const a = (await rl.question(`${q.prompt} [y/N] `)).trim().toLowerCase();
          return { value: a === 'y' || a === 'yes', source: 'prompt' };
        }
        const suffix = q.required ? '' : ' (Enter to skip)';
        const a = (await rl.question(`${q.prompt}${suffix}: `)).trim();
        if (a === '') return q.required ? undefined : { value: '', source: 'prompt' };
        if (q.kind === 'number') {
          const n = Number(a);
          return Number.isFinite(n) ? { value: n, source: 'prompt' } : undefined;
        }
        return { value: a, source: 'prompt' };
      } finally {
        rl.close();
      }
    },
  };
}
