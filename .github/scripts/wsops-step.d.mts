export function parseArgs(argv: string[]): { out: string; ok: number[]; wsops: string[] };
export function jsonProblem(command: string | undefined, stdout: string): string | null;
