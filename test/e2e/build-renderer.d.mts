export function buildRenderer(opts?: { quiet?: boolean }): Promise<string>;
