# Pester 5 tests of the scripts' logic on their JSON inputs (the report JSON of real bundle check
# results in fixtures/, wsops --json outputs). Run on Windows: Invoke-Pester contrib/intune/tests
BeforeAll {
  . (Join-Path $PSScriptRoot '..\detect.ps1')
  . (Join-Path $PSScriptRoot '..\remediate.ps1')
  function Get-Fixture([string]$Name) {
    [System.IO.File]::ReadAllText((Join-Path $PSScriptRoot "fixtures\$Name"))
  }
}

Describe 'detect.ps1: Get-DetectionResult' {
  It 'exits 1 when the PC shows the DiskCryptor 0x1A pattern' {
    $r = Get-DetectionResult -ReportJson (Get-Fixture 'report-problem.json')
    $r.ExitCode | Should -Be 1
    $r.Line | Should -BeLike 'problem: DiskCryptor installed*'
  }
  It 'exits 0 on a clean PC' {
    $r = Get-DetectionResult -ReportJson (Get-Fixture 'report-clear.json')
    $r.ExitCode | Should -Be 0
    $r.Line | Should -BeLike 'clear:*'
  }
  It 'exits 0 and says unknown when the facts could not be read' {
    $r = Get-DetectionResult -ReportJson (Get-Fixture 'report-unknown.json')
    $r.ExitCode | Should -Be 0
    $r.Line | Should -BeLike 'unknown: could not be read: diskcryptor-installed*'
  }
  It 'treats garbage and unexpected shapes as unknown, never as a problem' {
    (Get-DetectionResult -ReportJson 'not json').Line | Should -BeLike 'unknown:*'
    (Get-DetectionResult -ReportJson '{"rows":[]}').Line | Should -Be 'unknown: expected one check result, got 0'
    (Get-DetectionResult -ReportJson '{"x":1}').ExitCode | Should -Be 0
  }
}

Describe 'remediate.ps1: Get-AttestationProblem' {
  It 'accepts answers.backupConfirmed = true' {
    Get-AttestationProblem -AnswersJson '{"version":1,"answers":{"backupConfirmed":true}}' -Path 'a.json' | Should -BeNullOrEmpty
  }
  It 'refuses a missing file, bad JSON, a missing or non-boolean attestation' {
    Get-AttestationProblem -AnswersJson $null -Path 'a.json' | Should -Be 'no answers file at a.json'
    Get-AttestationProblem -AnswersJson '{' -Path 'a.json' | Should -Be 'a.json: not valid JSON'
    Get-AttestationProblem -AnswersJson '' -Path 'a.json' | Should -Be 'a.json: empty'
    Get-AttestationProblem -AnswersJson '[1]' -Path 'a.json' | Should -Be 'a.json: field answers: missing'
    Get-AttestationProblem -AnswersJson '{"version":1}' -Path 'a.json' | Should -Be 'a.json: field answers: missing'
    Get-AttestationProblem -AnswersJson '{"version":1,"answers":{}}' -Path 'a.json' | Should -BeLike 'a.json: field answers.backupConfirmed: missing*'
    Get-AttestationProblem -AnswersJson '{"version":1,"answers":{"backupConfirmed":"true"}}' -Path 'a.json' | Should -BeLike '*expected true, got "true"'
    Get-AttestationProblem -AnswersJson '{"version":1,"answers":{"backupConfirmed":false}}' -Path 'a.json' | Should -BeLike '*expected true, got false'
  }
}

Describe 'remediate.ps1: Get-RemediationOutcome' {
  It 'finished: exit 0, the run is forgotten' {
    $o = Get-RemediationOutcome -ExitCode 0 -Stdout '{"exitCode":0,"message":"Done.","run":{"runId":"r1"}}' -Stderr ''
    $o.ExitCode | Should -Be 0
    $o.Keep | Should -Be 'none'
  }
  It 'restart and waiting: exit 1, the run is kept for the next remediation' {
    $o = Get-RemediationOutcome -ExitCode 3 -Stdout '{"exitCode":3,"message":"restart","run":{"runId":"r2"}}' -Stderr ''
    $o.ExitCode | Should -Be 1
    $o.Keep | Should -Be 'resume'
    $o.RunId | Should -Be 'r2'
    $w = Get-RemediationOutcome -ExitCode 4 -Stdout '{"exitCode":4,"message":"Waiting for an answer: X","run":{"runId":"r3"}}' -Stderr ''
    $w.Line | Should -BeLike 'waiting (run r3): Waiting for an answer: X*'
  }
  It 'failed: exit 1 and marked so nothing runs again' {
    $o = Get-RemediationOutcome -ExitCode 1 -Stdout '{"exitCode":1,"message":"blocked","run":{"runId":"r4"}}' -Stderr ''
    $o.Keep | Should -Be 'failed'
  }
  It 'bad input and unexpected output change nothing' {
    (Get-RemediationOutcome -ExitCode 2 -Stdout '' -Stderr 'wsops: a.json: field answers.x').Keep | Should -Be 'unchanged'
    (Get-RemediationOutcome -ExitCode 3 -Stdout 'garbage' -Stderr '').Keep | Should -Be 'unchanged'
  }
}

Describe 'ConvertTo-Win32Argument' {
  It 'quotes by the C runtime rules' {
    ConvertTo-Win32Argument 'plain' | Should -Be 'plain'
    ConvertTo-Win32Argument 'C:\Program Data\x' | Should -Be '"C:\Program Data\x"'
    ConvertTo-Win32Argument 'a"b' | Should -Be '"a\"b"'
    ConvertTo-Win32Argument 'C:\dir with space\' | Should -Be '"C:\dir with space\\"'
    ConvertTo-Win32Argument '' | Should -Be '""'
  }
}
