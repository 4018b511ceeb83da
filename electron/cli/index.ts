import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    // Wait for stdout to drain before exiting so piped JSON is never cut short.
    process.stdout.write('', () => process.exit(code));
  },
  (e: unknown) => {
    process.stderr.write(`wsops: internal error: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
