/**
 * The rules real Windows (and DiskCryptor's installer) enforce, one row each, with the public
 * source it was checked in. The Windows emulator enforces them by `id`; docs/windows-behaviour.md
 * lists the same ids with the same sources, and test/knowledge/windows-rules-doc.test.ts keeps the
 * two in step. Add a rule here and in the doc, never in one place only.
 *
 * `strength`: `source` — read in the program's own source or Microsoft's documentation of the
 * behaviour; `observed` — a real capture or a real file; `community` — reported by users/admins,
 * no primary source found (the doc says so next to the rule); `unverified` — the cited page is the
 * expected primary source but could not be opened from this workspace: re-check before relying on
 * the detail.
 */

export type RuleStrength = 'source' | 'observed' | 'community' | 'unverified';

export interface WindowsRule {
  id: string;
  rule: string;
  source: string;
  strength: RuleStrength;
}

const DC = 'DavidXanatos/DiskCryptor';
const ISSRC = 'jrsoftware/issrc';

export const WINDOWS_RULES = [
  // ── elevation ───────────────────────────────────────────────────────────────────────────
  {
    id: 'dcinst-require-admin',
    rule: 'dcinst.exe is manifested requireAdministrator, so started from an unelevated process CreateProcess fails with ERROR_ELEVATION_REQUIRED (740) and nothing runs.',
    source: `${DC} DCrypt/dcinst/dcinst.manifest (also in the real 1.1.846.118 dcinst.exe)`,
    strength: 'source',
  },
  {
    id: 'libuv-740-eacces',
    rule: "libuv translates ERROR_ELEVATION_REQUIRED (740) to UV_EACCES, so Node's execFile/spawn of a requireAdministrator program fails with code EACCES, not an exit code.",
    source: 'libuv/libuv src/win/error.c @04a35efe (uv_translate_sys_error)',
    strength: 'source',
  },
  {
    id: 'manage-bde-needs-admin',
    rule: 'manage-bde -status run unelevated prints "ERROR: An attempt to access a required resource was denied." and exits non-zero (-2147024891 / 0x80070005 in the team sample; -2147217405 / 0x80041003 in a public capture on 10.0.26100): decide on the message, never on "no volumes listed".',
    source:
      '/work/shared/ARCHITECTURE.md (team capture); public code index id 71629177719 (capture with $LASTEXITCODE on build 26100)',
    strength: 'observed',
  },
  {
    id: 'schtasks-onlogon-any-user-admin',
    rule: 'schtasks /Create /SC ONLOGON without /RU registers a LogonTrigger with no UserId ("at log on of any user"), which an unelevated user is refused with "Access is denied".',
    source:
      'https://github.com/bnosac/taskscheduleR/issues/16; https://github.com/hanamorix/companion-emergence/issues/260; https://learn.microsoft.com/windows/win32/taskschd/logontrigger-userid',
    strength: 'community',
  },
  {
    id: 'per-user-logon-no-admin',
    rule: 'A logon task whose trigger names the current user (<LogonTrigger><UserId>) with an InteractiveToken principal, or a value under HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run or RunOnce, needs no administrator.',
    source:
      'https://github.com/dahall/TaskScheduler/issues/58; https://github.com/hanamorix/companion-emergence/issues/260; https://learn.microsoft.com/windows/win32/setupapi/run-and-runonce-registry-keys',
    strength: 'community',
  },
  {
    id: 'run-keys-not-elevated',
    rule: 'Programs started from Run/RunOnce keys run in the context of the user who logs on, with that account’s permission level; a requireAdministrator program there is not elevated at logon.',
    source:
      '/work/shared/ARCHITECTURE.md (resume-after-reboot); https://github.com/redcanaryco/atomic-red-team/blob/master/atomics/T1547.001/T1547.001.md',
    strength: 'community',
  },
  {
    id: 'uac-declined-1223',
    rule: 'When the user declines a UAC prompt, ShellExecuteEx (and so Start-Process -Verb RunAs) fails with ERROR_CANCELLED (1223, "The operation was canceled by the user").',
    source:
      'https://pastebin.com/bvKPU1CN (.NET Win32Exception "The operation was cancelled by the user" from Process.StartWithShellExecuteEx); https://docs.rs/windows-sys/0.36.1/windows_sys/Win32/Foundation/constant.ERROR_CANCELLED.html (ERROR_CANCELLED = 1223)',
    strength: 'observed',
  },
  {
    id: 'uac-over-the-shoulder',
    rule: 'A standard user gets the credential UI: elevation needs an administrator’s user name and password typed in (over-the-shoulder), and the elevated process runs as that administrator, with that account’s profile and HKCU; the policy "Behavior of the elevation prompt for standard users" can instead deny every request automatically.',
    source:
      'https://learn.microsoft.com/windows/win32/uxguide/winenv-uac; https://learn.microsoft.com/windows/win32/parcon/parental-controls-and-user-account-control; https://learn.microsoft.com/graph/api/resources/intune-deviceconfig-localsecurityoptionsstandarduserelevationpromptbehaviortype',
    strength: 'source',
  },
  {
    id: 'start-process-runas-no-redirect',
    rule: 'Start-Process -Verb is in the UseShellExecute parameter set and -RedirectStandardOutput/-RedirectStandardError/-Credential in the Default set, so an elevated Start-Process cannot capture output: the elevated child must write its result to a file.',
    source:
      'PowerShell/PowerShell src/Microsoft.PowerShell.Commands.Management/commands/management/Process.cs (StartProcessCommand parameter sets)',
    strength: 'source',
  },
  {
    id: 'inno-setupldr-asinvoker',
    rule: "Inno Setup's loader is manifested asInvoker and re-launches itself elevated when the script says PrivilegesRequired=admin, so a DiskCryptor installer started unelevated shows one UAC prompt (and fails with 1223 if it is declined) instead of failing with 740.",
    source: `${DC} ntldr/1.1.846.118/dcrypt_setup.exe (manifest: asInvoker); ${ISSRC} whatsnew.htm 5.2.0 (Setup respawns itself elevated)`,
    strength: 'observed',
  },
  // ── Inno Setup installers ───────────────────────────────────────────────────────────────
  {
    id: 'inno-alwaysrestart',
    rule: 'An Inno Setup installer with AlwaysRestart=yes (every DiskCryptor installer) asks to restart after a successful install, and with /VERYSILENT restarts without asking, unless /NORESTART is given; the uninstaller inherits it.',
    source: `${ISSRC} ISHelp/isetup.xml (AlwaysRestart; setupcmdline /SILENT, /VERYSILENT, /NORESTART); Projects/Src/Setup.Uninstall.pas (ufAlwaysRestart)`,
    strength: 'source',
  },
  {
    id: 'inno-silent-modes',
    rule: '/SILENT hides the wizard but shows progress, /VERYSILENT hides progress too; /SUPPRESSMSGBOXES only works with one of them and never suppresses a [Code] MsgBox (only SuppressibleMsgBox).',
    source: `${ISSRC} ISHelp/isetup.xml (setupcmdline: /SILENT, /VERYSILENT, /SUPPRESSMSGBOXES "5 message boxes are not suppressible")`,
    strength: 'source',
  },
  {
    id: 'inno-exit-codes',
    rule: 'Inno Setup exits 0 on success (also when a restart is needed, unless /RESTARTEXITCODE), 1 when Setup failed to initialize — which includes InitializeSetup returning False, as DiskCryptor’s does on DeleteFlag —, 2 when cancelled before installing, 5 when cancelled during it.',
    source: `${ISSRC} ISHelp/isetup.xml (setupexitcodes); Projects/Src/Setup.MainFunc.pas ("InitializeSetup returned False; aborting.") and Setup.Start.pas (Halt(ecInitializationError), = 1)`,
    strength: 'source',
  },
  {
    id: 'inno-uninstall-key',
    rule: 'Inno Setup registers HKLM\\…\\Uninstall\\<AppId>_is1 with DisplayName = AppVerName (unless UninstallDisplayName), DisplayVersion = AppVersion, UninstallString, QuietUninstallString (… /SILENT) and "Inno Setup: App Path".',
    source: `${ISSRC} Projects/Src/Setup.Install.pas (RegisterUninstallInfo); Projects/Src/Setup.MainFunc.pas ('%s\\%s_is1')`,
    strength: 'source',
  },
  {
    id: 'dc-installer-deleteflag',
    rule: 'Every DiskCryptor installer refuses to install while HKLM\\SYSTEM\\CurrentControlSet\\Services\\dcrypt\\DeleteFlag is non-zero (the driver was removed and Windows has not restarted): it asks "You must restart your computer before installing DiskCryptor" and exits.',
    source: `${DC} Installer/dcrypt_install.iss and DCrypt/setup/setup.iss (InitializeSetup, RegQueryDWordValue … 'DeleteFlag')`,
    strength: 'source',
  },
  {
    id: 'service-marked-for-delete',
    rule: 'dcinst -unins deletes the dcrypt service with DeleteService, but a running boot driver cannot stop, so the service is only marked for deletion (its key stays, with DeleteFlag = 1) until Windows restarts: after uninstalling DiskCryptor, restart before reinstalling or the installer refuses.',
    source: `https://learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-deleteservice ("If the service cannot be stopped, the database entry is removed when the system is restarted"); ${DC} DCrypt/dcapi/drvinst.c (remove_service); https://github.com/oleg-shilo/wixsharp/issues/1540`,
    strength: 'source',
  },
  {
    id: 'dc-installer-beta-msgbox',
    rule: 'DiskCryptor 1.2.0–1.2.2 and 1.3.1+ installers open with a non-suppressible "This is a BETA release, use it at your own risk!" MsgBox (1.3.0’s script made it SuppressibleMsgBox), so even /VERYSILENT /SUPPRESSMSGBOXES waits for a click.',
    source: `${DC} Installer/dcrypt_install.iss history (148cef0, e169426 = PR #76, 20677cd)`,
    strength: 'source',
  },
  {
    id: 'dc-installer-downgrade',
    rule: 'DiskCryptor installers read HKLM\\SYSTEM\\CurrentControlSet\\Services\\dcrypt\\config\\sysBuild: 1.0/1.1 refuse a newer build ("A newer version of DiskCryptor is installed") and ask "repair?" on an equal one; 1.2.0 refuses above 846 — over its own 847 too — and asks "repair?" otherwise; 1.2.1/1.2.2 refuse above 848; the 1.3.0 script at its tag refuses above 848 although it installs 849; from 1.4.0 the check is commented out.',
    source: `${DC} setup/setup.iss @1bc4246 (DC_BUILD); Installer/dcrypt_install.iss @v1.2.0, @v1.2.1, @v1.2.3, @v1.3.0, @v1.4.0; https://github.com/DiskCryptor/DiskCryptor/issues/86`,
    strength: 'source',
  },
  {
    id: 'dc-registration-strings',
    rule: 'DisplayVersion under DiskCryptor_is1 is the installer’s AppVersion, not the driver version: 1.0.x registers "DiskCryptor 1.0"/"1.0", 1.1.836.118 and 1.1.846.118 "DiskCryptor 1.1"/"1.1", 1.2.0 "DiskCryptor 1.2"/"1.2", and 1.2.1 and 1.2.2 both "DiskCryptor 1.2"/"1.2.1".',
    source: `${DC} setup/setup.iss @1bc4246 + _include_/version.h; Installer/dcrypt_install.iss @v1.2.0, @v1.2.1, @v1.2.3; innoextract -i on ntldr/*/dcrypt_setup.exe`,
    strength: 'source',
  },
  {
    id: 'dc-uninstall-guard-dead',
    rule: 'From 1.2.0 the uninstaller’s "boot device is encrypted" refusal tests Exec(…) = False and ExecRet = 51, but Exec returns True whenever dcinst ran (and then ExecRet = 51 means encrypted), so the uninstaller never refuses: check dcinst -isenc (exit 51) before uninstalling.',
    source: `${DC} Installer/dcrypt_install.iss (InitializeUninstall); ${ISSRC} ISHelp/isxfunc.xml (Exec: "If False is returned then ResultCode specifies the error that occurred")`,
    strength: 'source',
  },
  {
    id: 'dc-isenc-51',
    rule: 'dcinst -isenc exits 51 (ST_ENCRYPTED) when the boot device is DiskCryptor-encrypted and 0 when it is not.',
    source: `${DC} DCrypt/dcinst/dcinst.c (-isenc); DCrypt/include dcconst.h (#define ST_ENCRYPTED 51)`,
    strength: 'source',
  },
  {
    id: 'veracrypt-system-boot-start',
    rule: 'VeraCrypt has no command that reports system encryption (its status is the TC_IOCTL_GET_BOOT_ENCRYPTION_STATUS call to the driver), but setting system encryption up (RegisterBootDriver) makes the veracrypt driver service boot-start (sc qc: START_TYPE 0 BOOT_START) and adds it to the DiskDrive class UpperFilters, while decrypting it for good (Deinstall) or uninstalling sets it back to system-start (1). A veracrypt driver that starts at boot means the system drive is, is being, or is about to be encrypted; one whose start type cannot be read means "unknown".',
    source:
      'veracrypt/VeraCrypt src/Common/BootEncryption.cpp (BootEncryption::RegisterBootDriver: SetDriverServiceStartType (SERVICE_BOOT_START); BootEncryption::Deinstall: SetDriverServiceStartType (SERVICE_SYSTEM_START); RegisterFilter: "veracrypt" in UpperFilters); src/Setup/Setup.c (uninstall: SERVICE_SYSTEM_START unless the boot drive is mounted)',
    strength: 'source',
  },
  {
    id: 'dc-dcinst-exit-codes',
    rule: 'dcinst exits 1614 (ERROR_PRODUCT_UNINSTALLED) for -unins when the driver is not installed, 1306 (ERROR_REVISION_MISMATCH) while an older DiskCryptor is still running, 100000 + status when the boot-loader part of -setup/-unldr/-isboot fails, and otherwise the DiskCryptor status (0 = ST_OK).',
    source: `${DC} DCrypt/dcinst/dcinst.c; winerror.h values (public code index ids 1892309566, 7863117075)`,
    strength: 'source',
  },
  {
    id: 'dc-installer-driver-error',
    rule: 'After copying its files the installer runs dcinst -setup and, when that fails, only shows the non-suppressible MsgBox "Error occurred when installing driver (error code: N)": Setup still ends successfully (exit 0) and still asks to restart, so the driver must be checked afterwards (service dcrypt), not the installer’s exit code.',
    source: `${DC} Installer/dcrypt_install.iss and setup/setup.iss (CurStepChanged ssPostInstall); ${ISSRC} ISHelp/isetup.xml (setupexitcodes)`,
    strength: 'source',
  },
  {
    id: 'dc-uninstaller-prompts',
    rule: 'The DiskCryptor uninstaller runs dcinst -unins, then, when dcinst -isboot exits 0, asks with a non-suppressible MsgBox "Uninstall DiskCryptor bootloader from you HDD?" and runs dcinst -unldr on Yes; a failing -unins only shows "Error occurred when removing driver (error code: N)".',
    source: `${DC} Installer/dcrypt_install.iss (CurUninstallStepChanged usUninstall)`,
    strength: 'source',
  },
  {
    id: 'dc-reflect-writer',
    rule: 'DiskCryptor 1.2.2+ writes ReflectDrivers="<install dir>" and PostOOBE="<install dir>\\PostOOBE.cmd" into SetupConfig.ini only when its GUI sets up boot-volume encryption and when dcinst -reflect runs (PostOOBE.cmd after a feature update); the installer and dcinst -setup do not.',
    source: `${DC} DCrypt/dcapi/w10.c (update_w10_reflect_driver); DCrypt/gui/prc_wizard_encrypt.c; DCrypt/dcinst/dcinst.c; DCrypt/PostOOBE.cmd`,
    strength: 'source',
  },
  {
    id: 'dc-uninstall-leaves-setupconfig',
    rule: 'dcinst -unins removes ReflectDrivers/PostOOBE only when SetupConfig.ini does not exist (the _waccess check in remove_w10_reflect_driver is inverted), so an uninstall leaves both entries pointing at the deleted folder.',
    source: `${DC} DCrypt/dcapi/w10.c (remove_w10_reflect_driver: if (_waccess(path, 0) != 0))`,
    strength: 'source',
  },
  {
    id: 'setupconfig-leftover-blocks-upgrade',
    rule: 'A SetupConfig.ini whose ReflectDrivers points at an encryption driver folder that no longer exists makes feature-update setup fail (0xc190012e) until the entry is removed.',
    source: 'https://github.com/veracrypt/VeraCrypt/issues/1483',
    strength: 'observed',
  },
  {
    id: 'reflectdrivers-1607',
    rule: 'Windows setup honours ReflectDrivers (command line or SetupConfig.ini) from Windows 10 1607, build 14393; DiskCryptor only writes it when major ≥ 10 and build ≥ 14393.',
    source: `https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-command-line-options; ${DC} DCrypt/dcapi/w10.c (is_w10_reflect_supported)`,
    strength: 'source',
  },
  {
    id: 'setupconfig-location',
    rule: 'Feature updates from Windows Update read %SystemDrive%\\Users\\Default\\AppData\\Local\\Microsoft\\Windows\\WSUS\\SetupConfig.ini; DiskCryptor computes the same file from FOLDERID_UserProfiles + "\\Default".',
    source: `https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-automation-overview; ${DC} DCrypt/dcapi/w10.c (GetSetupconfigLocation)`,
    strength: 'source',
  },
  {
    id: 'dc-beta3-memory-integrity',
    rule: 'DiskCryptor 1.2.2 (Beta 3) does not boot on Windows 11 with Core isolation → Memory integrity enabled; turn it off before reinstalling that build (fixed in Beta 4, 195494d).',
    source: 'https://github.com/DiskCryptor/DiskCryptor/issues/70',
    strength: 'observed',
  },
  {
    id: 'kernel-power-41-bugcheck',
    rule: 'A blue screen leaves Kernel-Power event 41 in the System log at the next boot with the stop code in decimal in BugcheckCode (26 = 0x1A MEMORY_MANAGEMENT; 0 = power loss or hang, not a bugcheck); the WER event 1001 with the hex code is written only when a dump was saved, so both are read (wevtutil qe System /q:*[System[(EventID=41)]] /f:xml — the event data is only in the XML rendering).',
    source:
      'https://github.com/MicrosoftDocs/windows-driver-docs/issues/1815 (Event Viewer XML of a Kernel-Power 41 after a MEMORY_MANAGEMENT crash: BugcheckCode 26; test/fixtures/windows/wevtutil/kernel-power-41-xml.txt); https://learn.microsoft.com/en-us/troubleshoot/windows-client/performance/event-id-41-restart (not opened from this workspace)',
    strength: 'observed',
  },
  {
    id: 'wevtutil-one-xpath-crash-events',
    rule: 'One wevtutil query reads both crash records: Windows Event Log takes a subset of XPath 1.0 with and/or inside System[…] (wevtutil qe System /q:*[System[(EventID=1001 or EventID=41)]] /f:xml /rd:true, newest first), and in the XML the WER 1001 event carries the stop code and its parameters in EventData param1 (its message is "The bugcheck was: %1. A dump was saved in: %2. Report Id: %3.").',
    source:
      'https://learn.microsoft.com/en-us/windows/win32/wes/consuming-events (XPath subset, compound expressions with and/or); https://github.com/libyal/winevt-kb docs/sources/message-files/MessageFile-werfault.exe.md (0x400003e9: "The bugcheck was: %1. A dump was saved in: %2.")',
    strength: 'source',
  },
  {
    id: 'powershell-token-group-claims',
    rule: "Windows PowerShell's [Security.Principal.WindowsIdentity]::GetCurrent().Claims lists each enabled group of the process token as a GroupSid claim and each deny-only group as a DenyOnlySid claim (logon-id SIDs in neither): BUILTIN\\Administrators (S-1-5-32-544) is a GroupSid when the process is elevated and a DenyOnlySid in an administrator's UAC split token, the same fact whoami /groups shows as Enabled group / Group used for deny only.",
    source:
      'https://github.com/mono/mono mcs/class/referencesource/mscorlib/system/security/principal/windowsidentity.cs (AddGroupSidClaims: (Attributes & (SE_GROUP_ENABLED|SE_GROUP_LOGON_ID|SE_GROUP_USE_FOR_DENY_ONLY)) == SE_GROUP_ENABLED → ClaimTypes.GroupSid, == SE_GROUP_USE_FOR_DENY_ONLY → ClaimTypes.DenyOnlySid); https://github.com/MicrosoftDocs/win32 desktop-src/SecAuthZ/sid-attributes-in-an-access-token.md',
    strength: 'source',
  },
  {
    id: 'cim-base-service',
    rule: 'Win32_BaseService (abstract; its instances are Win32_Service and Win32_SystemDriver) returns services and kernel drivers such as dcrypt, with State ("Stopped", "Start Pending", "Stop Pending", "Running", "Continue Pending", "Pause Pending", "Paused") and StartMode ("Boot", "System", "Auto", "Manual", "Disabled") as untranslated strings; a name it does not return is read again with sc (only sc\'s 1060 says missing).',
    source:
      'https://learn.microsoft.com/en-us/windows/win32/cimwin32prov/win32-baseservice (State, StartMode, abstract base of Win32_Service and Win32_SystemDriver); https://wutils.com/wmi/root/cimv2/win32_baseservice/ (child classes Win32_Service, Win32_SystemDriver)',
    strength: 'source',
  },
  {
    id: 'secureboot-hvci-registry',
    rule: 'Secure Boot state is HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecureBoot\\State, UEFISecureBootEnabled (REG_DWORD, 1 = on; the key is absent on PCs without UEFI Secure Boot — Confirm-SecureBootUEFI then says "not supported on this platform"); Memory integrity (HVCI) is HKLM\\SYSTEM\\CurrentControlSet\\Control\\DeviceGuard\\Scenarios\\HypervisorEnforcedCodeIntegrity, Enabled (REG_DWORD, 1 = on). Both are readable without elevation by reg query.',
    source:
      'https://learn.microsoft.com/en-us/powershell/module/secureboot/confirm-securebootuefi; https://learn.microsoft.com/en-us/windows-hardware/drivers/devtest/code-integrity-checking ("Device Guard is no longer used except to locate memory integrity and VBS settings in Group Policy or the Windows registry"); https://learn.microsoft.com/en-us/windows/security/hardware-security/enable-virtualization-based-protection-of-code-integrity (the Scenarios\\HypervisorEnforcedCodeIntegrity Enabled value; not opened from this workspace)',
    strength: 'unverified',
  },
  {
    id: 'dcrypt-filter-registrations',
    rule: 'DiskCryptor installs dcrypt as a LowerFilters entry of the Volume class {71A27CDD-812A-11D0-BEC7-08002BE2092F} and an UpperFilters entry of the CD-ROM class {4D36E965-E325-11CE-BFC1-08002BE10318} (dc_install_driver); its ReflectDrivers/PostOOBE path (1.2.2+) also adds it to the DiskDrive class {4D36E967-E325-11CE-BFC1-08002BE10318} UpperFilters and to CrashControl DumpFilters. A filter entry whose driver is missing or refused stops Windows from starting (INACCESSIBLE_BOOT_DEVICE); removing "dcrypt" from those values offline (WinRE: reg load the SYSTEM hive) and setting Services\\dcrypt Start to 4 lets it start again.',
    source: `${DC} DCrypt/dcapi/drvinst.c (g_volume_filter_key, g_cdrom_filter_key, dc_install_driver, dc_remove_driver); ${DC} DCrypt/dcapi/w10.c (AddFilterToRegistry on OFFLINE_SYSTEM\\ControlSet001\\Control\\Class\\{71A27CDD…} LowerFilters and {4D36E967…} UpperFilters)`,
    strength: 'source',
  },
  // ── services ────────────────────────────────────────────────────────────────────────────
  {
    id: 'wuauserv-restarts',
    rule: 'wuauserv is a demand-start service that stops itself when idle and is started again by Windows (Update Orchestrator tasks, WaaSMedicSvc, triggers) after you stop it, so "stopped" must be re-checked right before the folder is cleared.',
    source:
      'https://github.com/puppetlabs-seteam/control-repo/pull/271; https://github.com/Aetherinox/pause-windows-updates/issues/34; public code index id 28547055561 (a repair script that runs sc qtriggerinfo wuauserv, then sc triggerinfo wuauserv delete) — no Microsoft page listing wuauserv’s triggers was found',
    strength: 'community',
  },
  {
    id: 'bits-holds-download',
    rule: 'BITS keeps files under SoftwareDistribution\\Download open while it runs, which is why Microsoft’s manual reset stops BITS first (then wuauserv, then cryptsvc) before renaming SoftwareDistribution.',
    source:
      'https://support.microsoft.com/kb/971058 ("Stop the BITS service, the Windows Update service, and the Cryptographic service", quoted step by step in public scripts: code index ids 3960048736, 23385082328)',
    strength: 'source',
  },
  {
    id: 'sc-exit-codes',
    rule: 'sc.exe exits with the Win32 error: 1060 the service does not exist, 1062 it has not been started (stop of a stopped service), 1056 an instance is already running (start of a running one), 1058 it is disabled.',
    source:
      'https://learn.microsoft.com/windows/win32/debug/system-error-codes--1000-1299-; test/fixtures/windows/sc-queryex/en-missing.txt (real 1060 capture)',
    strength: 'source',
  },
  {
    id: 'shutdown-t-implies-f',
    rule: 'shutdown /r /t N with N > 0 implies /f: running applications are closed without warning, so unsaved work is lost; /t 0 does not force.',
    source: 'https://learn.microsoft.com/windows-server/administration/windows-commands/shutdown',
    strength: 'source',
  },
  // ── text ────────────────────────────────────────────────────────────────────────────────
  {
    id: 'console-oem-codepage',
    rule: 'Console tools (sc, reg, manage-bde, systeminfo, dir) write redirected output in the OEM code page (cp437/cp850/cp866/cp932…, GetOEMCP), not in the ANSI code page or UTF-8.',
    source:
      'test/fixtures/windows/systeminfo/es-win10-1809.txt (ó saved as cp850 ¢); https://learn.microsoft.com/windows/console/getconsoleoutputcp',
    strength: 'observed',
  },
  {
    id: 'oem-codepage-registry',
    rule: "The system's OEM code page (what GetOEMCP returns, and a new console's default) is the OEMCP value (REG_SZ, e.g. 437, 850, 932) under HKLM\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage; a console can be set otherwise per user (HKCU\\Console CodePage) or by chcp.",
    source:
      'https://winreg-kb.readthedocs.io/en/latest/sources/system-keys/Codepage.html; https://library.thedatadungeon.com/msdn-1998-06/dnwinnt/HTML/D1E/S84C6.content.HTM (Nls CodePage entries: ACP, OEMCP, MACCP); https://stackoverflow.com/questions/47147050 (HKCU\\Console overrides)',
    strength: 'community',
  },
  {
    id: 'reg-export-utf16',
    rule: 'reg export (like regedit) writes a "Windows Registry Editor Version 5.00" file in UTF-16 LE with a BOM, strings escaped with backslashes and REG_EXPAND_SZ as hex(2): UTF-16 bytes, so every character of a value survives, where reg query prints in the console\'s OEM code page.',
    source:
      'http://ugts.azurewebsites.net/data/UGTS/document/2/3/36.aspx (regedit saves .reg as UTF-16 LE with BOM FF FE); http://okturing.com/src/10583/body (NT regedit regporte.c: Unicode export, hex(2) as UTF-16 with the 5.00 header)',
    strength: 'community',
  },
  {
    id: 'assistant-by-build',
    rule: 'Microsoft names the in-place upgrade tool by Windows version: on Windows 11 (build 22000 and later) it is the "Windows 11 Installation Assistant" from software-download/windows11; the "Windows 10 Update Assistant" from software-download/windows10 updates Windows 10 only, so on Windows 11 it stages nothing.',
    source:
      'https://www.microsoft.com/software-download/windows11 ("Windows 11 Installation Assistant"); https://www.microsoft.com/software-download/windows10 ("Update Assistant"); https://learn.microsoft.com/windows/release-health/windows11-release-information (build 22000 = Windows 11 21H2)',
    strength: 'unverified',
  },
  {
    id: 'program-files-users-read-only',
    rule: "Standard users can read and run, but not create or change files, under %ProgramFiles% (and %ProgramFiles(x86)%, %SystemRoot%); a subfolder created there by an administrator inherits that. %LOCALAPPDATA% (per-user installs), %TEMP% (where the portable build extracts itself) and a user's checkout are the user's own to change.",
    source:
      'https://learn.microsoft.com/windows/security/application-security/application-control/user-account-control/how-it-works (secure locations: \\Program Files\\, \\Windows\\System32\\ for UIAccess/elevation); https://learn.microsoft.com/windows/win32/uxguide/winenv-uac',
    strength: 'unverified',
  },
  {
    id: 'start-process-windowstyle-runas',
    rule: "Start-Process -WindowStyle is in both parameter sets (with -Verb in UseShellExecute), so an elevated Start-Process can start the child's console hidden; -NoNewWindow is Default-set only.",
    source:
      'Start-Process help syntax (Microsoft.PowerShell.Commands.Management.dll-Help.xml, as reproduced in houby-studio/lazy-admin scripts-definitions/docs/Start-Process.md): "### UseShellExecute … [-Verb <String>] [-WindowStyle <ProcessWindowStyle>] [-Wait]"',
    strength: 'source',
  },
  {
    id: 'checkpoint-computer-needs-admin',
    rule: "Checkpoint-Computer and Get-ComputerRestorePoint work through WMI's root/default SystemRestore class, which only an administrator may use: unelevated, no restore point is made and none is listed, so the app asks for one through its elevated helper.",
    source:
      'https://github.com/ChrisTitusTech/winutil (docs dev/tweaks/Essential-Tweaks/RestorePoint: checks for an administrator before Checkpoint-Computer); https://learn.microsoft.com/windows/win32/sr/systemrestore (the WMI class Checkpoint-Computer calls)',
    strength: 'community',
  },
  {
    id: 'checkpoint-computer-24h',
    rule: 'Checkpoint-Computer makes no restore point when one was made within SystemRestorePointCreationFrequency minutes (HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SystemRestore; absent = 1440, 0 = no limit): it only writes the warning "A new system restore point cannot be created because one has already been created within the past N minutes" and returns with exit code 0, so success is read from the restore points listed before and after, not from the exit code.',
    source:
      'PowerShell/PowerShell @9ed2c2a68b src/Microsoft.PowerShell.Commands.Management/commands/management/Computer.cs (CheckpointComputerCommand.CanCreateNewRestorePoint, timeInterval = 1440) and resources/ComputerResources.resx (CannotCreateRestorePointWarning); https://github.com/hselimt/HST-WINDOWS-UTILITY/issues/1; https://www.powershellgallery.com/packages/Octa/0.1.0/Content/private%5CRestorePoint.ps1 (before/after comparison)',
    strength: 'source',
  },
  {
    id: 'checkpoint-computer-protection-off',
    rule: 'With System Protection off, SystemRestore.CreateRestorePoint fails with ERROR_SERVICE_DISABLED (1058) and Checkpoint-Computer writes an error ("SystemRestore service is disabled.", or the translated Win32 text "The service cannot be started, either because it is disabled or because it has no enabled devices associated with it") and makes no restore point; the wording depends on the Windows language, so it is never matched.',
    source:
      'PowerShell/PowerShell @9ed2c2a68b src/Microsoft.PowerShell.Commands.Management/commands/management/Computer.cs (ret.Equals(1058) → ComputerResources.ServiceDisabled, COMException → SystemRestoreServiceDisabled); https://github.com/AdventDevInc/kudu/issues/414 (the same failure in Russian); https://github.com/sp00n/CoreCycler/issues/132',
    strength: 'source',
  },
  {
    id: 'system-protection-registry',
    rule: 'RPSessionInterval under HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SystemRestore is 1 while System Protection is on for a drive and 0 when it is off on all of them (DisableSR is not: it stays 0 when protection is off on every drive); it is readable without an administrator. System Protection is not always on: fresh installs and some OEM images ship with it off.',
    source:
      'https://github.com/memstechtips/Winhance/pull/613 (RPSessionInterval as the detection of the System Protection toggle); https://github.com/AdventDevInc/kudu/issues/414; https://github.com/Raphire/Win11Debloat/pull/625 (maintainer: DisableSR misses protection off on all drives); https://github.com/BCUninstaller/Bulk-Crap-Uninstaller/issues/755; https://github.com/sp00n/CoreCycler/issues/132',
    strength: 'community',
  },
] as const satisfies readonly WindowsRule[];

export type WindowsRuleId = (typeof WINDOWS_RULES)[number]['id'];

export function windowsRule(id: WindowsRuleId): WindowsRule {
  return WINDOWS_RULES.find((r) => r.id === id)!;
}
