export interface VitestJsonReport {
  testResults?: { name: string; assertionResults?: { status: string }[] }[];
}
export function problems(report: VitestJsonReport, files: string[]): (string | null)[];
