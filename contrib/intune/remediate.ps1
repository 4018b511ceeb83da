<#
.SYNOPSIS
  Intune remediation, remediation script: runs windows-update-diskcryptor unattended, and only
  with the backup attestation the admin provides (contrib/intune/README.md).

.DESCRIPTION
  What runs unattended, exactly:
  - Without the admin's answers file, or when it does not attest a backup
    ("answers": {"backupConfirmed": true}): only `wsops run --dry-run`, which changes nothing,
    to show what a run would do. Exit 1, "refused".
  - With it: `wsops run windows-update-diskcryptor --answers FILE --state-dir DIR --json`, never
    --yes. Every confirmation the file does not give makes the run wait (exit 4) instead of
    guessing, so only the destructive steps the admin listed under "confirm" can run. The next
    remediation resumes the same run (its id is kept in DIR).
  - The script never restarts the PC itself. wsops does, at a restart step whose confirmation the
    answers file gives (confirm:reboot-*), with `shutdown /r /t 30`; the run pauses (exit 3) and
    the next remediation after the restart resumes it (wsops proves the restart by the boot time).
  - After a failed or blocked run (exit 1) nothing runs again until the admin removes
    DIR\intune-run.failed.txt: a failure needs a person.
  One line on standard output says what happened, for Intune's "remediation output" column.
#>
[CmdletBinding()]
param(
  # How wsops is started: the executable and any leading arguments (node + wsops.mjs).
  [string[]]$WsopsCommand = @('wsops'),
  # The admin's answers file (docs/answers-file.md). Its answers.backupConfirmed = true is the
  # backup attestation; without it nothing changes.
  [string]$AnswersFile = (Join-Path $env:ProgramData 'Workstation Ops\intune-answers.json'),
  # wsops' state dir for runs started by Intune (SYSTEM has no roaming profile of its own).
  [string]$StateDir = (Join-Path $env:ProgramData 'Workstation Ops\intune-state')
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$Workflow = 'windows-update-diskcryptor'

# Pure: the answers file's text -> $null when it attests a backup, else why not.
function Get-AttestationProblem {
  # Untyped: a [string] parameter would turn $null (no file) into ''.
  param([AllowNull()]$AnswersJson, [string]$Path)
  if ($null -eq $AnswersJson) { return "no answers file at $Path" }
  if ([string]::IsNullOrWhiteSpace([string]$AnswersJson)) { return "$($Path): empty" }
  try {
    $file = [string]$AnswersJson | ConvertFrom-Json
  } catch {
    return "$($Path): not valid JSON"
  }
  if ($null -eq $file -or -not $file.PSObject.Properties['answers']) {
    return "$($Path): field answers: missing"
  }
  $answers = $file.answers
  if ($null -eq $answers -or -not $answers.PSObject.Properties['backupConfirmed']) {
    return "$($Path): field answers.backupConfirmed: missing (the backup attestation)"
  }
  # Only the JSON boolean true attests: "true", 1 or "yes" do not.
  if (-not ($answers.backupConfirmed -is [bool] -and $answers.backupConfirmed)) {
    return "$($Path): field answers.backupConfirmed: expected true, got $($answers.backupConfirmed | ConvertTo-Json -Compress)"
  }
  return $null
}

# Pure: wsops' exit code and --json output -> the script's exit code and its one line.
function Get-RemediationOutcome {
  param([int]$ExitCode, [AllowEmptyString()][string]$Stdout, [AllowEmptyString()][string]$Stderr)
  $message = ''
  $runId = ''
  if ($ExitCode -in 0, 1, 3, 4) {
    try {
      $out = $Stdout | ConvertFrom-Json
      $message = [string]$out.message
      $runId = [string]$out.run.runId
    } catch {
      return [pscustomobject]@{ ExitCode = 1; Line = "failed: wsops exited $ExitCode without its JSON: $Stderr"; RunId = ''; Keep = 'unchanged' }
    }
  }
  switch ($ExitCode) {
    0 { return [pscustomobject]@{ ExitCode = 0; Line = "finished: $message"; RunId = $runId; Keep = 'none' } }
    3 { return [pscustomobject]@{ ExitCode = 1; Line = "paused for a restart (run $runId): the next remediation after a restart continues it"; RunId = $runId; Keep = 'resume' } }
    4 { return [pscustomobject]@{ ExitCode = 1; Line = "waiting (run $runId): $message; answer it in the answers file"; RunId = $runId; Keep = 'resume' } }
    1 { return [pscustomobject]@{ ExitCode = 1; Line = "failed or blocked (run $runId): $message; nothing runs again until a person looks"; RunId = $runId; Keep = 'failed' } }
    2 { return [pscustomobject]@{ ExitCode = 1; Line = "refused, bad input: $Stderr"; RunId = ''; Keep = 'unchanged' } }
    default { return [pscustomobject]@{ ExitCode = 1; Line = "failed: wsops exited $($ExitCode): $Stderr"; RunId = ''; Keep = 'unchanged' } }
  }
}

# region wsops-invoke: identical in detect.ps1 and remediate.ps1 (Intune uploads each script
# alone); test/fleet/intune.test.ts checks they stay the same.
function ConvertTo-Win32Argument {
  # Quotes one argument by the rules CommandLineToArgvW and the C runtime use (Node follows them).
  param([AllowEmptyString()][string]$Value)
  if ($Value.Length -gt 0 -and $Value -notmatch '[\s"]') { return $Value }
  $sb = New-Object System.Text.StringBuilder
  [void]$sb.Append('"')
  $slashes = 0
  foreach ($ch in $Value.ToCharArray()) {
    if ($ch -eq [char]'\') {
      $slashes++
    } elseif ($ch -eq [char]'"') {
      [void]$sb.Append('\' * (2 * $slashes + 1)).Append('"')
      $slashes = 0
    } else {
      [void]$sb.Append('\' * $slashes).Append($ch)
      $slashes = 0
    }
  }
  [void]$sb.Append('\' * (2 * $slashes)).Append('"')
  return $sb.ToString()
}

function Invoke-Wsops {
  # No shell; stdout and stderr read as UTF-8 (what Node writes), both drained at once so neither
  # pipe can fill and stall the process.
  param([Parameter(Mandatory)][string[]]$Arguments)
  $all = @($WsopsCommand | Select-Object -Skip 1) + $Arguments
  $psi = New-Object System.Diagnostics.ProcessStartInfo
  $psi.FileName = $WsopsCommand[0]
  $psi.Arguments = (@($all | ForEach-Object { ConvertTo-Win32Argument $_ }) -join ' ')
  $psi.UseShellExecute = $false
  $psi.CreateNoWindow = $true
  $psi.RedirectStandardOutput = $true
  $psi.RedirectStandardError = $true
  $psi.StandardOutputEncoding = [System.Text.Encoding]::UTF8
  $psi.StandardErrorEncoding = [System.Text.Encoding]::UTF8
  $p = [System.Diagnostics.Process]::Start($psi)
  $stdout = $p.StandardOutput.ReadToEndAsync()
  $stderr = $p.StandardError.ReadToEndAsync()
  $p.WaitForExit()
  [pscustomobject]@{
    ExitCode = $p.ExitCode
    Stdout = $stdout.Result
    Stderr = $stderr.Result.Trim()
  }
}
# endregion wsops-invoke

function Invoke-Remediation {
  $answersText = $null
  if (Test-Path -LiteralPath $AnswersFile -PathType Leaf) {
    $answersText = [System.IO.File]::ReadAllText($AnswersFile)
  }
  $problem = Get-AttestationProblem -AnswersJson $answersText -Path $AnswersFile
  if ($null -ne $problem) {
    # The one thing that is safe with no attestation: a dry run, which changes nothing.
    $plan = Invoke-Wsops @('run', $Workflow, '--dry-run', '--json')
    $steps = 'unknown'
    if ($plan.ExitCode -eq 0) {
      try { $steps = @(($plan.Stdout | ConvertFrom-Json).actions).Count } catch { $steps = 'unknown' }
    }
    return [pscustomobject]@{ ExitCode = 1; Line = "refused: $problem; nothing was changed (a run would take $steps actions)" }
  }
  New-Item -ItemType Directory -Path $StateDir -Force | Out-Null
  $runFile = Join-Path $StateDir 'intune-run.txt'
  $failedFile = Join-Path $StateDir 'intune-run.failed.txt'
  if (Test-Path -LiteralPath $failedFile -PathType Leaf) {
    $failed = [System.IO.File]::ReadAllText($failedFile).Trim()
    return [pscustomobject]@{ ExitCode = 1; Line = "refused: an earlier run failed ($failed); delete $failedFile to try again" }
  }
  $common = @('--state-dir', $StateDir, '--answers', $AnswersFile, '--json')
  if (Test-Path -LiteralPath $runFile -PathType Leaf) {
    $runId = [System.IO.File]::ReadAllText($runFile).Trim()
    $result = Invoke-Wsops (@('resume', $runId) + $common)
  } else {
    $result = Invoke-Wsops (@('run', $Workflow) + $common)
  }
  $outcome = Get-RemediationOutcome -ExitCode $result.ExitCode -Stdout $result.Stdout -Stderr $result.Stderr
  switch ($outcome.Keep) {
    'resume' { [System.IO.File]::WriteAllText($runFile, $outcome.RunId) }
    'failed' {
      [System.IO.File]::WriteAllText($failedFile, "$($outcome.RunId): $($outcome.Line)")
      [System.IO.File]::Delete($runFile)
    }
    'none' { [System.IO.File]::Delete($runFile) }
    default { }
  }
  return $outcome
}

# Dot-sourced (the Pester tests): define the functions only.
if ($MyInvocation.InvocationName -ne '.') {
  try {
    $result = Invoke-Remediation
  } catch {
    $result = [pscustomobject]@{ ExitCode = 1; Line = "failed: $($_.Exception.Message)" }
  }
  Write-Output $result.Line
  exit $result.ExitCode
}
