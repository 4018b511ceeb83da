# Runs at logon inside Windows Sandbox (workstation-ops.wsb), from the read-only build folder.
# 1. the read-only real checks on this (disposable) Windows: preflights only, and a bundle;
# 2. the practice walkthrough of the flagship, headless, on a practice machine under %TEMP%;
# 3. opens the portable app for the walkthrough by hand.
# Every output goes to Desktop\results\<time>\ (mapped to the host). Needs node.exe next to
# wsops.cjs for 1 and 2 (the app itself cannot run the CLI: its RunAsNode fuse is off).
$ErrorActionPreference = 'Continue'

$kit = Split-Path -Parent $MyInvocation.MyCommand.Path
$results = Join-Path $env:USERPROFILE 'Desktop\results'
$out = Join-Path $results (Get-Date -Format 'yyyyMMdd-HHmmss')
New-Item -ItemType Directory -Force -Path $out | Out-Null
$summary = Join-Path $out 'summary.txt'
Start-Transcript -Path (Join-Path $out 'transcript.txt') | Out-Null

$node = Join-Path $kit 'node.exe'
$cli = Join-Path $kit 'wsops.cjs'
# Runs and state stay inside the sandbox; nothing of the host is read or written.
$env:WSOPS_STATE_DIR = Join-Path $env:LOCALAPPDATA 'wsops-sandbox-state'

# wsops writes UTF-8; without this Windows PowerShell would read it as the OEM code page.
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8

function Invoke-Wsops([string]$Name, [string[]]$Arguments) {
  & $node $cli @Arguments 2> (Join-Path $out "$Name.stderr.txt") |
    Out-File -FilePath (Join-Path $out "$Name.txt") -Encoding utf8
  $code = $LASTEXITCODE
  Add-Content -Path $summary -Value ("{0,-28} exit {1}   wsops {2}" -f $Name, $code, ($Arguments -join ' '))
  return $code
}

if ((Test-Path $node) -and (Test-Path $cli)) {
  # 1. Read-only: `check` is preflight only, `collect` only runs the read-only diagnostics.
  [void](Invoke-Wsops 'check-flagship-this-pc' @('check', 'windows-update-diskcryptor', '--json'))
  [void](Invoke-Wsops 'check-reset-this-pc' @('check', 'windows-update-reset', '--json'))
  [void](Invoke-Wsops 'check-encryption-status' @('check', 'encryption-status', '--json'))
  [void](Invoke-Wsops 'check-system-health' @('check', 'system-health', '--json'))
  [void](Invoke-Wsops 'collect' @('collect', '--out', (Join-Path $out 'bundle'), '--json'))
  [void](Invoke-Wsops 'check-flagship-bundle' @('check', 'windows-update-diskcryptor', '--bundle', (Join-Path $out 'bundle'), '--json'))

  # 2. The flagship on a practice machine: every restart ends the command with exit 3, resume
  # continues it (five restarts on this scenario), exit 0 when finished.
  $pc = Join-Path $env:TEMP 'wsops-practice\sandbox-pc'
  [void](Invoke-Wsops 'practice-init' @('practice', 'init', $pc, '--files', '5000', '--json'))
  $code = Invoke-Wsops 'practice-run' @('run', 'windows-update-diskcryptor', '--machine', $pc, '--yes')
  for ($i = 1; $code -eq 3 -and $i -le 10; $i++) {
    $code = Invoke-Wsops "practice-resume-$i" @('resume', '--machine', $pc, '--yes')
  }
  [void](Invoke-Wsops 'practice-log' @('export', 'latest', '--format', 'md'))
  $verdict = if ($code -eq 0) { 'the practice walkthrough finished' } else { "the practice walkthrough stopped with exit $code" }
  Add-Content -Path $summary -Value $verdict
} else {
  Add-Content -Path $summary -Value "node.exe or wsops.cjs is not in $kit : the CLI checks were skipped (see docs/testing-on-windows.md)"
}

# 3. The app, for the walkthrough by hand (practice mode first).
$app = Get-ChildItem -Path $kit -Filter '*portable*.exe' | Select-Object -First 1
if ($app) {
  Start-Process -FilePath $app.FullName
} else {
  Add-Content -Path $summary -Value "no portable build (*portable*.exe) in $kit"
}
Stop-Transcript | Out-Null
