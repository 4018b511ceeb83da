export function serveStatic(
  root: string,
  extra?: Record<string, string>,
): Promise<{ url: string; close(): Promise<void> }>;
