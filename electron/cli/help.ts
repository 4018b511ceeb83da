/**
 * `wsops <command> --help`: usage, options and an example for every command. The overview
 * (`wsops help`) is built from the same table, so the two cannot disagree.
 */
export interface CommandHelp {
  usage: string[];
  summary: string;
  options: [string, string][];
  example: string;
}

const STATE_DIR: [string, string] = [
  '--state-dir DIR',
  'where runs are kept (default: WSOPS_STATE_DIR or the user state folder)',
];
const JSON_OUT: [string, string] = ['--json', 'machine-readable output on stdout'];

export const COMMAND_HELP: Record<string, CommandHelp> = {
  list: {
    usage: ['wsops list [--json]'],
    summary: 'The workflows and the platforms they run on.',
    options: [JSON_OUT],
    example: 'wsops list',
  },
  check: {
    usage: ['wsops check <workflow> [--machine DIR | --bundle DIR] [--json]'],
    summary: 'Preflight only, read-only: the diagnosis and every check, nothing is changed.',
    options: [
      ['--machine DIR', 'a practice machine (wsops practice init DIR)'],
      ['--bundle DIR', 'a diagnostics bundle written by wsops collect'],
      JSON_OUT,
    ],
    example: 'wsops check windows-update-diskcryptor --machine /tmp/pc',
  },
  run: {
    usage: [
      'wsops run <workflow> [--machine DIR] [--state-dir DIR] [--yes] [--answers FILE] [--dry-run] [--json]',
    ],
    summary: 'Runs a workflow step by step; asks in a terminal, pauses (exit 4) elsewhere.',
    options: [
      ['--machine DIR', 'a practice machine instead of this computer'],
      STATE_DIR,
      ['--yes, -y', 'answer every confirmation yes (recorded as such)'],
      ['--answers FILE', 'answers and confirmations from a file (docs/answers-file.md)'],
      ['--dry-run', 'say what every step would do; change nothing'],
      JSON_OUT,
    ],
    example: 'wsops run windows-update-diskcryptor --machine /tmp/pc',
  },
  resume: {
    usage: [
      'wsops resume [RUN_ID] [--machine DIR] [--state-dir DIR] [--yes] [--answers FILE] [--json]',
    ],
    summary:
      'Continues a run (the newest unfinished one without RUN_ID). Answers in --answers replace the recorded ones, null withdraws one: how a step that failed on a bad answer is retried.',
    options: [
      ['--machine DIR', 'the practice machine, if it moved'],
      STATE_DIR,
      ['--yes, -y', 'answer every confirmation yes'],
      ['--answers FILE', 'new answers for the retried step (null clears an answer)'],
      JSON_OUT,
    ],
    example: 'wsops resume --answers fixed-answers.json',
  },
  runs: {
    usage: ['wsops runs [--state-dir DIR] [--json]'],
    summary: 'Every run with its status and the step it is on, newest first.',
    options: [STATE_DIR, JSON_OUT],
    example: 'wsops runs --json',
  },
  export: {
    usage: [
      'wsops export [RUN_ID|latest] --format md|html|json|pdf [--out FILE] [--state-dir DIR]',
    ],
    summary:
      'The run log as a sign-off record. pdf prints the HTML with Edge, Chrome or Chromium (headless).',
    options: [
      ['--format F', 'md, html, json or pdf'],
      ['--out FILE', 'write there (pdf needs it or writes <run>.pdf here); default stdout'],
      STATE_DIR,
    ],
    example: 'wsops export latest --format pdf --out run.pdf',
  },
  practice: {
    usage: [
      'wsops practice init DIR [--scenario NAME] [--files N] [--seed N] [--json]',
      'wsops practice scenarios',
    ],
    summary: 'A practice machine: a folder that behaves like the broken PC.',
    options: [
      ['--scenario NAME', 'which machine (wsops practice scenarios lists them)'],
      ['--files N', 'files in its update cache'],
      ['--seed N', 'the same machine every time'],
      JSON_OUT,
    ],
    example: 'wsops practice init /tmp/pc --scenario diskcryptor-1709',
  },
  remind: {
    usage: [
      'wsops remind status [--json] [--state-dir DIR]',
      'wsops remind set --source DIR --backup DIR --every DAYS [--drive-label L | --drive-serial S] [--state-dir DIR]',
      'wsops remind remove ID [--state-dir DIR]',
    ],
    summary: 'Backup reminders: which are due, add one, remove one.',
    options: [
      ['--source DIR', 'the folder that is backed up'],
      ['--backup DIR', 'where its backup is'],
      ['--every DAYS', 'how often'],
      ['--drive-label L', 'remind when the drive with this label is plugged in'],
      ['--drive-serial S', 'the same, by serial number'],
      STATE_DIR,
      JSON_OUT,
    ],
    example: 'wsops remind set --source ~/Documents --backup /media/usb/Documents --every 7',
  },
  abandon: {
    usage: ['wsops abandon [RUN_ID|latest] [--machine DIR] [--state-dir DIR] [--json]'],
    summary:
      'Gives a run up: undoes what it changed and can be undone (service start types, BitLocker protection, SetupConfig.ini), says what cannot, and marks it abandoned.',
    options: [['--machine DIR', 'the practice machine, if it moved'], STATE_DIR, JSON_OUT],
    example: 'wsops abandon latest',
  },
  collect: {
    usage: ['wsops collect --out DIR [--json]'],
    summary: '(Windows) writes a diagnostics bundle, read-only, for wsops check --bundle.',
    options: [['--out DIR', 'a new folder for the bundle'], JSON_OUT],
    example: 'wsops collect --out D:\\bundle',
  },
  report: {
    usage: ['wsops report DIR [--format csv|html|json] [--sort KEY] [--reverse] [--out FILE]'],
    summary: 'One table over many run logs and check outputs (a fleet).',
    options: [
      ['--format F', 'csv, html or json'],
      ['--sort KEY', 'the column to sort by'],
      ['--reverse', 'descending'],
      ['--out FILE', 'write there instead of stdout'],
    ],
    example: 'wsops report /tmp/fleet/logs --format csv',
  },
};

export function commandHelp(name: string): string {
  const h = COMMAND_HELP[name]!;
  const width = Math.max(...h.options.map(([o]) => o.length));
  return [
    'Usage:',
    ...h.usage.map((u) => `  ${u}`),
    '',
    h.summary,
    '',
    'Options:',
    ...h.options.map(([o, d]) => `  ${o.padEnd(width)}  ${d}`),
    `  ${'--help, -h'.padEnd(width)}  this help`,
    '',
    'Example:',
    `  ${h.example}`,
    '',
  ].join('\n');
}

/** The usage lines of every command, for `wsops help`. */
export function overviewUsage(): string {
  return Object.values(COMMAND_HELP)
    .flatMap((h) => h.usage)
    .map((u) => `  ${u}`)
    .join('\n');
}
