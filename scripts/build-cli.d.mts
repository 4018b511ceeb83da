export const CLI_OUT: string;
export function buildCli(): Promise<void>;
