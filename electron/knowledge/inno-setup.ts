/**
 * How an Inno Setup installer marks itself, from the Inno Setup sources (jrsoftware/issrc).
 * Pure data: the detector (system/windows/pe-info.ts) and the practice-installer generator
 * (system/emulator/practice-installer.ts) both read these, so they cannot drift apart.
 *
 * Since Inno Setup 5.1.5 the loader (SetupLdr) keeps its offset table in an RT_RCDATA resource
 * with id 11111 ("SetupLdr's internal data is now stored in a resource instead of in the DOS
 * header", whatsnew.htm at tag is-5_4_3, section 5.1.5). The table starts with a 12-byte
 * signature; its `Offset0` field points at the embedded setup-0 data, which starts with the
 * 64-byte SetupID text "Inno Setup Setup Data (x.y.z)" (plus " (u)" for Unicode builds before 6).
 *   - Projects/Struct.pas at is-5_4_3 (TSetupLdrOffsetTable, version 1, packed, 44 bytes);
 *   - Projects/Src/Shared.Struct.pas at is-6_5_0 and HEAD d588bab7 (version 2, 64-bit offsets,
 *     64 bytes); Projects/SetupLdr.dpr (FindResource(SetupLdrOffsetTableResID, RT_RCDATA) and
 *     the exact-size check).
 * All DiskCryptor installers use Inno Setup ≥ 5.2.3, so the older DOS-header form (before 5.1.5)
 * is deliberately not recognised: such a file is reported as "not an Inno Setup installer".
 */

/** RT_RCDATA resource id of the SetupLdr offset table (SetupLdrOffsetTableResID). */
export const SETUP_LDR_OFFSET_TABLE_RES_ID = 11111;

/** Win32 resource type RT_RCDATA. */
export const RT_RCDATA = 10;

/** SetupLdrOffsetTableID = 'rDlPtS'#$CD#$E6#$D7#$7B#$0B#$2A (12 bytes). */
export const SETUP_LDR_OFFSET_TABLE_ID: readonly number[] = [
  0x72, 0x44, 0x6c, 0x50, 0x74, 0x53, 0xcd, 0xe6, 0xd7, 0x7b, 0x0b, 0x2a,
];

/**
 * The two layouts of TSetupLdrOffsetTable, by its Version field. Offsets are byte offsets
 * inside the resource; `offset0` is where the Offset0 field (file offset of setup-0) lives.
 */
export const OFFSET_TABLE_LAYOUTS = {
  /** Inno Setup 5.1.5 – 6.4.x: packed record of LongWords. */
  1: { size: 44, offset0Field: 32, offset0Bytes: 4, tableCrcField: 40, firstInno: '5.1.5' },
  /** Inno Setup 6.5.0 and later: Int64 offsets, natural alignment, ReservedPadding. */
  2: { size: 64, offset0Field: 40, offset0Bytes: 8, tableCrcField: 60, firstInno: '6.5.0' },
} as const;

export type OffsetTableVersion = keyof typeof OFFSET_TABLE_LAYOUTS;

/** The SetupID text at the start of setup-0: 64 bytes, NUL-padded (TSetupID). */
export const SETUP_ID_LENGTH = 64;
export const SETUP_ID_PREFIX = 'Inno Setup Setup Data (';

/**
 * The SetupID names the *data format* version, which does not always equal the compiler version:
 * e.g. Inno Setup 5.4.3 still writes "(5.4.2)" and 5.6.1 writes "(5.5.7)" (Struct.pas at those
 * tags). So callers report "setup data 5.4.2", never "built with 5.4.2" alone.
 */
export function parseSetupId(text: string): { dataVersion: string; unicode: boolean } | null {
  const m = /^Inno Setup Setup Data \((\d+\.\d+\.\d+(?:\.\d+)?)\)( \(u\))?/.exec(text);
  return m ? { dataVersion: m[1]!, unicode: m[2] !== undefined } : null;
}
