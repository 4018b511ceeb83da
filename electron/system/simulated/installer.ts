/**
 * Practice installers are small text files whose first line names the product and version, so
 * the simulator can "run" them and a hash of them is stable.
 */
const MARKER = 'WSOPS-PRACTICE-INSTALLER';

export function installerMarker(product: string, version: string): string {
  return `${MARKER} ${product} ${version}\r\nThis file stands for the real installer on a practice machine.\r\n`;
}

export function parseInstaller(text: string): { product: string; version: string } | null {
  const m = new RegExp(`^${MARKER} (.+) (\\d+(?:\\.\\d+)+)\\r?\\n`).exec(text);
  return m ? { product: m[1]!, version: m[2]! } : null;
}
