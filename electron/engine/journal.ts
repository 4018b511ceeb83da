/**
 * Append-only run journal: one JSON record per line, each carrying a short checksum, fsync'd
 * per record. A torn last line (crash mid-write) is dropped with a warning and cut off so the
 * next append starts on a clean line; a bad line anywhere else is corruption: the caller gets a
 * JournalCorruptError naming file and line, and the file is left as it is.
 */
import fs from 'node:fs';
import crypto from 'node:crypto';
import { InputError } from '../../shared/errors';
import { firstIssue } from '../../shared/parse-input';
import { JournalRecordSchema, type JournalEvent, type JournalRecord } from './journal-events';

export const JOURNAL_FILE = 'journal.ndjson';

export class JournalCorruptError extends InputError {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}: line ${line}: ${reason} — the journal is damaged; it was left untouched`);
  }
}

/** Raised when the disk refuses a record (ENOSPC, EIO…): the run must pause, not fail. */
export class JournalWriteError extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
  ) {
    super(
      code === 'ENOSPC'
        ? `The disk is full: cannot write the run log ${file}. Free some space, then resume.`
        : `Cannot write the run log ${file} (${code}). Fix the cause, then resume.`,
    );
    this.name = 'JournalWriteError';
  }
}

function checksum(body: string): string {
  return crypto.createHash('sha256').update(body).digest('hex').slice(0, 12);
}

export function encodeRecord(record: JournalRecord): string {
  const body = JSON.stringify(record);
  return `${body.slice(0, -1)},"sum":"${checksum(body)}"}\n`;
}

type Decoded = { ok: true; record: JournalRecord } | { ok: false; reason: string };

export function decodeLine(line: string): Decoded {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: 'not a record' };
  }
  const { sum, ...rest } = raw as Record<string, unknown>;
  if (typeof sum !== 'string' || checksum(JSON.stringify(rest)) !== sum) {
    return { ok: false, reason: 'checksum mismatch' };
  }
  const parsed = JournalRecordSchema.safeParse(rest);
  if (!parsed.success) {
    return { ok: false, reason: firstIssue(parsed.error) };
  }
  return { ok: true, record: parsed.data as JournalRecord };
}

export interface LoadedJournal {
  records: JournalRecord[];
  warnings: string[];
}

/**
 * Reads a journal; repairs a torn tail and salvages the records before a damaged one (see
 * `salvage`), reporting both as warnings. `repairTail: false` reads without changing the file.
 */
export function readJournal(
  file: string,
  opts: { repairTail: boolean } = { repairTail: true },
): LoadedJournal {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(
      `${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const records: JournalRecord[] = [];
  const warnings: string[] = [];
  let offset = 0;
  let lineNo = 0;
  while (offset < text.length) {
    const nl = text.indexOf('\n', offset);
    const complete = nl !== -1;
    const line = text.slice(offset, complete ? nl : text.length);
    lineNo++;
    const isLast = !complete || nl === text.length - 1;
    const decoded = line.trim() === '' ? null : decodeLine(line);
    if (decoded && !decoded.ok) {
      if (!isLast) {
        salvage(file, text, offset, lineNo, decoded.reason, records, warnings, opts);
        break;
      }
      warnings.push(
        `${file}: line ${lineNo} was cut short by a crash and was dropped (${decoded.reason})`,
      );
      if (opts.repairTail) truncateTo(file, Buffer.byteLength(text.slice(0, offset)));
      break;
    }
    if (decoded?.ok) {
      const expected = (records.at(-1)?.seq ?? 0) + 1;
      if (decoded.record.seq !== expected) {
        if (records.length === 0)
          throw new JournalCorruptError(
            file,
            lineNo,
            `record ${decoded.record.seq} out of order (expected ${expected})`,
          );
        const reason = `record ${decoded.record.seq} out of order (expected ${expected})`;
        salvage(file, text, offset, lineNo, reason, records, warnings, opts);
        break;
      }
      records.push(decoded.record);
    }
    if (!complete) {
      // A valid record without its newline: keep it, and give the file its newline back.
      if (opts.repairTail) fs.appendFileSync(file, '\n');
      break;
    }
    offset = nl + 1;
  }
  if (records.length === 0) throw new InputError(`${file}: holds no run (empty journal)`);
  if (records[0]!.type !== 'run-started') {
    throw new JournalCorruptError(file, 1, 'the first record is not run-started');
  }
  return { records, warnings };
}

/**
 * A damaged record in the middle: the records before it are facts the run relied on (a
 * DiskCryptor uninstall, a service stopped), so they are kept and the run continues from them —
 * moving the whole run aside would let a new run "finish" without undoing any of it. What follows
 * the damage cannot be trusted and is dropped from the journal, never lost: with writes allowed
 * the file is first copied, byte for byte, to `journal.ndjson.damaged-<ms>`. Read-only loads
 * (listing, export) salvage in memory and change nothing.
 */
function salvage(
  file: string,
  text: string,
  offset: number,
  lineNo: number,
  reason: string,
  records: JournalRecord[],
  warnings: string[],
  opts: { repairTail: boolean },
): void {
  // Without its first record there is no run to continue.
  if (records.length === 0) throw new JournalCorruptError(file, lineNo, reason);
  let kept = '';
  if (opts.repairTail) {
    const aside = `${file}.damaged-${Date.now()}`;
    fs.copyFileSync(file, aside, fs.constants.COPYFILE_EXCL);
    truncateTo(file, Buffer.byteLength(text.slice(0, offset)));
    kept = `; the damaged journal is kept as ${aside}`;
  }
  warnings.push(
    `${file}: line ${lineNo} is damaged (${reason}): the run continues from the ${records.length} records before it, and steps after them run again${kept}`,
  );
}

function truncateTo(file: string, bytes: number): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.ftruncateSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** An open journal for appending. */
export class JournalWriter {
  private seq: number;

  constructor(
    readonly file: string,
    lastSeq: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.seq = lastSeq;
  }

  append(event: JournalEvent): JournalRecord {
    const record = { seq: this.seq + 1, t: this.now().toISOString(), ...event } as JournalRecord;
    const line = encodeRecord(record);
    let fd: number | undefined;
    let sizeBefore = -1;
    try {
      fd = fs.openSync(this.file, 'a');
      sizeBefore = fs.fstatSync(fd).size;
      fs.writeSync(fd, line);
      fs.fsyncSync(fd);
    } catch (e) {
      // A half-written record must not glue itself to the next one: cut back to the last line.
      if (fd !== undefined && sizeBefore >= 0) {
        try {
          fs.ftruncateSync(fd, sizeBefore);
        } catch {
          // If even that fails, readJournal drops the torn tail on the next load.
        }
      }
      throw new JournalWriteError(this.file, (e as NodeJS.ErrnoException).code ?? 'EIO');
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
    this.seq = record.seq;
    return record;
  }
}
