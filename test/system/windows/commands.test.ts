import { describe, it, expect } from 'vitest';
import * as cmd from '../../../electron/system/windows/commands';
import { isInputError } from '../../../shared/errors';

const argv = (file: string, ...args: string[]) => ({ file, args });

describe('service commands', () => {
  it('builds sc queryex/qc/stop/start', () => {
    expect(cmd.scQueryEx('wuauserv')).toEqual(argv('sc.exe', 'queryex', 'wuauserv'));
    expect(cmd.scQc('bits')).toEqual(argv('sc.exe', 'qc', 'bits'));
    expect(cmd.scStop('cryptsvc')).toEqual(argv('sc.exe', 'stop', 'cryptsvc'));
    expect(cmd.scStart('wuauserv')).toEqual(argv('sc.exe', 'start', 'wuauserv'));
  });

  it('passes start= and its value as two arguments', () => {
    expect(cmd.scConfigStart('wuauserv', 'demand')).toEqual(
      argv('sc.exe', 'config', 'wuauserv', 'start=', 'demand'),
    );
    expect(cmd.scConfigStart('dcrypt', 'boot').args.slice(-2)).toEqual(['start=', 'boot']);
    expect(cmd.scConfigStart('bits', 'disabled').args.slice(-2)).toEqual(['start=', 'disabled']);
  });

  it('refuses service names that could smuggle arguments, and an unknown start type', () => {
    for (const bad of ['wuauserv start= disabled', 'a"b', '', 'x;y', "a'b"]) {
      expect(() => cmd.scQueryEx(bad)).toThrowError(/not a Windows service name/);
    }
    try {
      cmd.scConfigStart('bits', 'unknown');
      expect.unreachable();
    } catch (e) {
      expect(isInputError(e)).toBe(true);
    }
  });
});

describe('registry, BitLocker, history', () => {
  it('queries the Uninstall keys in the 64-bit view and WOW6432Node', () => {
    expect(cmd.regQueryUninstall()).toEqual(
      argv(
        'reg.exe',
        'query',
        'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
        '/s',
        '/reg:64',
      ),
    );
    expect(cmd.regQueryUninstallWow64()).toEqual(
      argv(
        'reg.exe',
        'query',
        'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
        '/s',
        '/reg:64',
      ),
    );
    expect(cmd.regQueryService('dcrypt')).toEqual(
      argv('reg.exe', 'query', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\dcrypt', '/reg:64'),
    );
  });

  it('builds manage-bde status, suspend and resume', () => {
    expect(cmd.manageBdeStatus()).toEqual(argv('manage-bde.exe', '-status'));
    expect(cmd.manageBdeSuspend('C:', 0)).toEqual(
      argv('manage-bde.exe', '-protectors', '-disable', 'C:', '-RebootCount', '0'),
    );
    expect(cmd.manageBdeSuspend('d:', 3).args).toEqual([
      '-protectors',
      '-disable',
      'D:',
      '-RebootCount',
      '3',
    ]);
    expect(cmd.manageBdeResume()).toEqual(argv('manage-bde.exe', '-protectors', '-enable', 'C:'));
    expect(() => cmd.manageBdeSuspend('C:\\', 0)).toThrowError(/drive letter/);
  });

  it('builds wevtutil, systeminfo, whoami and dcinst', () => {
    expect(cmd.wevtutilBugchecks()).toEqual(
      argv(
        'wevtutil.exe',
        'qe',
        'System',
        '/q:*[System[(EventID=1001)]]',
        '/f:text',
        '/c:50',
        '/rd:true',
      ),
    );
    expect(cmd.systeminfo()).toEqual(argv('systeminfo.exe'));
    expect(cmd.whoamiGroups()).toEqual(argv('whoami.exe', '/groups', '/fo', 'csv', '/nh'));
    expect(cmd.dcinstIsEnc()).toEqual(argv('C:\\Program Files\\dcrypt\\dcinst.exe', '-isenc'));
    expect(cmd.dcinstIsEnc('D:\\Tools\\dcrypt\\')).toEqual(
      argv('D:\\Tools\\dcrypt\\dcinst.exe', '-isenc'),
    );
  });

  it('uses cmd.exe only for the dir builtin, with AutoRun off', () => {
    expect(cmd.dirSoftwareDistribution()).toEqual(
      argv('cmd.exe', '/d', '/c', 'dir', '/s', '/a', 'C:\\Windows\\SoftwareDistribution'),
    );
  });
});

describe('restart, resume, launchers', () => {
  it('restarts in 30 seconds with a comment', () => {
    expect(cmd.shutdownRestart('Workstation Ops: step 4')).toEqual(
      argv('shutdown.exe', '/r', '/t', '30', '/c', 'Workstation Ops: step 4'),
    );
    expect(cmd.shutdownRestart('say "hi"\nthere', 0).args).toEqual([
      '/r',
      '/t',
      '0',
      '/c',
      'say  hi  there',
    ]);
  });

  it('registers and deletes the per-user resume task', () => {
    expect(cmd.resumeTaskCreate('C:\\Users\\dev\\AppData\\Local\\Temp\\t.xml')).toEqual(
      argv(
        'schtasks.exe',
        '/Create',
        '/TN',
        'Workstation Ops\\Resume',
        '/XML',
        'C:\\Users\\dev\\AppData\\Local\\Temp\\t.xml',
        '/F',
      ),
    );
    expect(cmd.resumeTaskDelete()).toEqual(
      argv('schtasks.exe', '/Delete', '/TN', 'Workstation Ops\\Resume', '/F'),
    );
    expect(() =>
      cmd.resumeTaskXml({ userId: 'PC\\dev', exe: 'C:\\a"b.exe', args: [] }),
    ).toThrowError(/unexpected characters/);
  });

  it('opens Get Help, the troubleshooter and Microsoft pages', () => {
    expect(cmd.getHelp()).toEqual(argv('explorer.exe', 'ms-contact-support:'));
    expect(cmd.settingsTroubleshoot()).toEqual(argv('explorer.exe', 'ms-settings:troubleshoot'));
    expect(cmd.msdtWindowsUpdate()).toEqual(argv('msdt.exe', '/id', 'WindowsUpdateDiagnostic'));
    expect(cmd.updateAssistantUrl(16299)).toBe(
      'https://www.microsoft.com/software-download/windows10',
    );
    expect(cmd.updateAssistantUrl(22631)).toBe(
      'https://www.microsoft.com/software-download/windows11',
    );
    expect(cmd.openUrl(cmd.updateAssistantUrl(19045))).toEqual(
      argv('explorer.exe', 'https://www.microsoft.com/software-download/windows10'),
    );
    expect(() => cmd.openUrl('file:///C:/Windows/System32/calc.exe')).toThrowError(/only https/);
  });
});

describe('elevation wrapper', () => {
  it('quotes for PowerShell, including typographic quotes', () => {
    expect(cmd.psQuote("it's")).toBe("'it''s'");
    expect(cmd.psQuote('a\u2019b')).toBe("'a\u2019\u2019b'");
    expect(cmd.psQuote('$env:TEMP; Remove-Item x')).toBe("'$env:TEMP; Remove-Item x'");
  });

  it('quotes arguments the way CommandLineToArgvW reads them back', () => {
    expect(cmd.quoteWindowsArg('plain')).toBe('plain');
    expect(cmd.quoteWindowsArg('')).toBe('""');
    expect(cmd.quoteWindowsArg('C:\\Program Files\\x')).toBe('"C:\\Program Files\\x"');
    expect(cmd.quoteWindowsArg('say "hi"')).toBe('"say \\"hi\\""');
    expect(cmd.quoteWindowsArg('C:\\dir with space\\')).toBe('"C:\\dir with space\\\\"');
  });

  it('wraps a command in Start-Process -Verb RunAs -Wait -PassThru and returns its exit code', () => {
    const e = cmd.elevate(
      argv('C:\\Windows\\System32\\sc.exe', 'config', 'wuauserv', 'start=', 'demand'),
    );
    expect(e.file).toBe('powershell.exe');
    expect(e.args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-Command']);
    expect(e.args).toHaveLength(4);
    const script = e.args[3]!;
    expect(script).toContain(
      "Start-Process -FilePath 'C:\\Windows\\System32\\sc.exe' -ArgumentList 'config wuauserv start= demand' -Verb RunAs -WindowStyle Hidden -Wait -PassThru",
    );
    expect(script).toContain('exit $p.ExitCode');
    expect(script).toContain('(New-Object ComponentModel.Win32Exception 1223).Message');
    expect(script).toContain('exit 1223');
  });

  it('keeps a path with spaces and a quote intact inside the single-quoted argument list', () => {
    const script = cmd.elevate(
      argv("C:\\Program Files\\O'Brien\\unins000.exe", '/SILENT', 'C:\\a b'),
    ).args[3]!;
    expect(script).toContain("-FilePath 'C:\\Program Files\\O''Brien\\unins000.exe'");
    expect(script).toContain('-ArgumentList \'/SILENT "C:\\a b"\'');
  });

  it('leaves -ArgumentList out when there are no arguments', () => {
    expect(cmd.elevate(argv('C:\\setup.exe')).args[3]).not.toContain('-ArgumentList');
  });
});
