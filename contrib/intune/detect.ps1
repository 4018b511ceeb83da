<#
.SYNOPSIS
  Intune remediation, detection script: exit 1 when this PC shows the DiskCryptor feature-update
  problem, else 0 (contrib/intune/README.md).

.DESCRIPTION
  Runs `wsops check windows-update-diskcryptor --json` (read-only) and lets `wsops report` decide
  the verdict, so the rule lives in one place (electron/engine/report/rows.ts):
    problem -> exit 1 (Intune then runs remediate.ps1)
    clear   -> exit 0
    unknown -> exit 0, saying what could not be read: an undiagnosed PC is never remediated.
  Changes nothing. Writes one line to standard output for Intune's "detection output" column.
#>
[CmdletBinding()]
param(
  # How wsops is started: the executable and any leading arguments (node + wsops.mjs).
  [string[]]$WsopsCommand = @('wsops')
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$Workflow = 'windows-update-diskcryptor'

# Pure: the report's JSON text -> exit code and the line to print. Tested by tests/Intune.Tests.ps1.
function Get-DetectionResult {
  param([Parameter(Mandatory)][string]$ReportJson)
  try {
    $report = $ReportJson | ConvertFrom-Json
  } catch {
    return [pscustomobject]@{ ExitCode = 0; Line = 'unknown: wsops report printed no JSON' }
  }
  if ($null -eq $report -or -not $report.PSObject.Properties['rows']) {
    return [pscustomobject]@{ ExitCode = 0; Line = 'unknown: wsops report printed no rows' }
  }
  $rows = @($report.rows | Where-Object { $_.kind -eq 'check' })
  if ($rows.Count -ne 1) {
    return [pscustomobject]@{ ExitCode = 0; Line = "unknown: expected one check result, got $($rows.Count)" }
  }
  $row = $rows[0]
  switch ($row.verdict) {
    'problem' { return [pscustomobject]@{ ExitCode = 1; Line = "problem: $($row.verdictText)" } }
    'clear' { return [pscustomobject]@{ ExitCode = 0; Line = "clear: $($row.verdictText)" } }
    default { return [pscustomobject]@{ ExitCode = 0; Line = "unknown: $($row.verdictText)" } }
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

function Invoke-Detection {
  $dir = Join-Path ([System.IO.Path]::GetTempPath()) ("wsops-detect-" + [guid]::NewGuid())
  New-Item -ItemType Directory -Path $dir | Out-Null
  try {
    # Exit 1 from check means a check failed: its JSON is still the result.
    $check = Invoke-Wsops @('check', $Workflow, '--json')
    if ($check.ExitCode -ne 0 -and $check.ExitCode -ne 1) {
      return [pscustomobject]@{ ExitCode = 0; Line = "unknown: wsops check exited $($check.ExitCode): $($check.Stderr)" }
    }
    [System.IO.File]::WriteAllText((Join-Path $dir 'check.json'), $check.Stdout)
    $report = Invoke-Wsops @('report', $dir, '--format', 'json')
    if ($report.ExitCode -ne 0) {
      return [pscustomobject]@{ ExitCode = 0; Line = "unknown: wsops report exited $($report.ExitCode): $($report.Stderr)" }
    }
    return Get-DetectionResult -ReportJson $report.Stdout
  } finally {
    # Only what this script made, never a recursive delete (and no Remove-Item prompt about
    # children in a non-interactive session): the file, then the folder only if it is empty.
    try {
      [System.IO.File]::Delete((Join-Path $dir 'check.json'))
      [System.IO.Directory]::Delete($dir, $false)
    } catch {
      Write-Verbose "left $($dir): $($_.Exception.Message)"
    }
  }
}

# Dot-sourced (the Pester tests): define the functions only.
if ($MyInvocation.InvocationName -ne '.') {
  try {
    $result = Invoke-Detection
  } catch {
    $result = [pscustomobject]@{ ExitCode = 0; Line = "unknown: $($_.Exception.Message)" }
  }
  Write-Output $result.Line
  exit $result.ExitCode
}
