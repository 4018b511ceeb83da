/**
 * `lsblk -J -o NAME,TYPE,FSTYPE,MOUNTPOINT` → which block devices are encrypted and what is
 * mounted on them, `/` above all. Pure; never throws (garbage gives null).
 *
 * What is stable across util-linux versions: the `blockdevices` tree with `children`, `name`,
 * `type` (`crypt` for a dm-crypt mapping), `fstype` (`crypto_LUKS` for a LUKS container). What
 * varies: 2.37+ may print `mountpoints` (an array, with `null` for "none") instead of
 * `mountpoint`; older versions print every value as a string. Both shapes are read.
 */

export interface BlockDevice {
  name: string;
  type: string | null;
  fstype: string | null;
  mountpoints: string[];
  /** Names from the top-level disk down to this device's parent. */
  parents: string[];
}

export interface EncryptedMount {
  mountpoint: string;
  /** The device the filesystem is on (e.g. an LVM volume inside the LUKS container). */
  device: string;
  /** The dm-crypt mapping or LUKS container it sits on. */
  via: string;
}

export interface LsblkReport {
  devices: BlockDevice[];
  /** LUKS containers (fstype crypto_LUKS), whether opened or not. */
  luks: { name: string; opened: boolean }[];
  /** dm-crypt mappings (type crypt) — LUKS, plain dm-crypt, VeraCrypt/TrueCrypt mode. */
  crypt: { name: string; parent: string | null }[];
  /** Mounted filesystems that sit on an encrypted device. */
  encryptedMounts: EncryptedMount[];
  /** `/`: where it is mounted from and whether that is encrypted; null when no listed device holds it. */
  root: { device: string; encrypted: boolean; chain: string[] } | null;
}

interface RawNode {
  name?: unknown;
  type?: unknown;
  fstype?: unknown;
  mountpoint?: unknown;
  mountpoints?: unknown;
  children?: unknown;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

function mountsOf(n: RawNode): string[] {
  const out = new Set<string>();
  const one = str(n.mountpoint);
  if (one) out.add(one);
  if (Array.isArray(n.mountpoints)) for (const m of n.mountpoints) if (str(m)) out.add(m as string);
  return [...out];
}

const isEncrypted = (d: Pick<BlockDevice, 'type' | 'fstype'>) =>
  d.type === 'crypt' || d.fstype === 'crypto_LUKS';

export function parseLsblk(text: string): LsblkReport | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const top = (raw as { blockdevices?: unknown } | null)?.blockdevices;
  if (!Array.isArray(top)) return null;

  const devices: BlockDevice[] = [];
  const visit = (node: unknown, parents: string[], depth: number) => {
    // A cycle is impossible in real output; the depth bound keeps hostile input from recursing forever.
    if (!node || typeof node !== 'object' || depth > 64) return;
    const n = node as RawNode;
    const name = str(n.name);
    if (!name) return;
    const d: BlockDevice = {
      name,
      type: str(n.type),
      fstype: str(n.fstype),
      mountpoints: mountsOf(n),
      parents,
    };
    devices.push(d);
    if (Array.isArray(n.children))
      for (const c of n.children) visit(c, [...parents, name], depth + 1);
  };
  for (const node of top) visit(node, [], 0);

  const byName = new Map<string, BlockDevice>();
  for (const d of devices) if (!byName.has(d.name)) byName.set(d.name, d);
  // The nearest encrypted device at or above this one (lsblk lists a device under every parent).
  const encryptedVia = (d: BlockDevice): string | null => {
    if (d.type === 'crypt') return d.name;
    for (let i = d.parents.length - 1; i >= 0; i--) {
      const p = byName.get(d.parents[i]!);
      if (p && isEncrypted(p)) return p.name;
    }
    return null;
  };

  const luks = dedupe(
    devices
      .filter((d) => d.fstype === 'crypto_LUKS')
      .map((d) => ({
        name: d.name,
        opened: devices.some((c) => c.parents.at(-1) === d.name && c.type === 'crypt'),
      })),
  );
  const crypt = dedupe(
    devices
      .filter((d) => d.type === 'crypt')
      .map((d) => ({ name: d.name, parent: d.parents.at(-1) ?? null })),
  );
  const encryptedMounts: EncryptedMount[] = [];
  let root: LsblkReport['root'] = null;
  for (const d of devices) {
    const via = encryptedVia(d);
    for (const m of d.mountpoints) {
      if (via) encryptedMounts.push({ mountpoint: m, device: d.name, via });
      if (m === '/' && (!root || (via && !root.encrypted))) {
        root = { device: d.name, encrypted: via !== null, chain: [...d.parents, d.name] };
      }
    }
  }
  return { devices, luks, crypt, encryptedMounts: dedupeMounts(encryptedMounts), root };
}

function dedupe<T extends { name: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((x) => (seen.has(x.name) ? false : (seen.add(x.name), true)));
}

function dedupeMounts(list: EncryptedMount[]): EncryptedMount[] {
  const seen = new Set<string>();
  return list.filter((m) => {
    const k = `${m.mountpoint}\0${m.device}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}
