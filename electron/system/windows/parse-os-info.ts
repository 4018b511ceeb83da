/**
 * The CIM answer of `cmd.osInfo()`: `{"Caption":"Microsoft Windows 10 Pro","Version":"10.0.16299","BuildNumber":"16299"}`
 * (ConvertTo-Json of Win32_OperatingSystem's Caption, Version and BuildNumber; the property names
 * are never translated, the caption is).
 */
import { z } from 'zod';
import type { OsInfo } from '../ports';

const OsJson = z.object({
  Caption: z.string().max(300),
  Version: z.string().regex(/^\d+\.\d+\.\d+$/),
  BuildNumber: z.union([z.string(), z.number()]).optional(),
});

/** Null for anything that is not that one JSON object. */
export function parseOsInfoJson(text: string): OsInfo | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text.trim().replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  const r = OsJson.safeParse(raw);
  if (!r.success) return null;
  const build = Number(r.data.Version.split('.')[2]);
  return {
    caption: r.data.Caption.trim(),
    version: r.data.Version,
    build: Number.isFinite(build) ? build : 0,
  };
}
