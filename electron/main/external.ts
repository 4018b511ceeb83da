/**
 * The only web pages the app opens in the user's browser: Microsoft's Windows Update and
 * software-download pages (the Update Assistant lives there) and DiskCryptor's releases on
 * GitHub (the installer for the reinstall). Anything else — other hosts, http, credentials,
 * odd ports, look-alike hosts — is refused, so a compromised renderer cannot use
 * `shell.openExternal` to launch arbitrary URLs or local files. Pure Node: tested without Electron.
 */

interface AllowRule {
  origin: string;
  /** Matched against the URL's pathname, case-insensitively. */
  path: RegExp;
}

const ALLOW: readonly AllowRule[] = [
  // e.g. https://www.microsoft.com/software-download/windows10 (locale segment optional)
  {
    origin: 'https://www.microsoft.com',
    path: /^\/(?:[a-z]{2}-[a-z]{2}\/)?software-download(?:\/[a-z0-9-]*)*\/?$/i,
  },
  // Windows Update help pages, e.g. /en-us/windows/troubleshoot-problems-updating-windows-…
  {
    origin: 'https://support.microsoft.com',
    path: /^\/(?:[a-z]{2}-[a-z]{2}\/)?windows\/[a-z0-9-]*updat[a-z0-9-]*\/?$/i,
  },
  // DiskCryptor's maintained fork: the releases page and its tags.
  {
    origin: 'https://github.com',
    path: /^\/DavidXanatos\/DiskCryptor\/releases(?:\/(?:latest|tag\/[A-Za-z0-9._-]+))?\/?$/,
  },
];

export const EXTERNAL_EXAMPLES = {
  windows10Download: 'https://www.microsoft.com/software-download/windows10',
  windows11Download: 'https://www.microsoft.com/software-download/windows11',
  diskCryptorReleases: 'https://github.com/DavidXanatos/DiskCryptor/releases',
} as const;

/** Returns the normalised URL when it may be opened, otherwise null. */
export function allowedExternalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return null;
  const rule = ALLOW.find((r) => r.origin === url.origin && r.path.test(url.pathname));
  return rule ? url.toString() : null;
}
