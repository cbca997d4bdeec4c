# Secrets kept secret (issue 9 §4): no Secret value, in plain text or base64, in any output stream
# (output in its default view, Format-List, Format-Table -View Wide, ConvertTo-KubeYaml, errors,
# warnings, -Verbose, -Debug, information) of any cmdlet that touches a Secret, nor in a watch
# event's OldObject, unless the user asks (ConvertFrom-KubeSecret, ConvertTo-KubeYaml -IncludeSecretData).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'secrets'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    Wait-NamespaceReady $Ns
    # Values nothing else prints: each is looked for as text and as base64 (of the value, and of the
    # value inside a JSON document, where base64 of a longer string shifts: every alignment is tried).
    $script:Value = 'pester-value-' + [guid]::NewGuid().ToString('n')
    $script:SecondValue = 'pester-second-' + [guid]::NewGuid().ToString('n')
    $script:FileValue = 'pester-file-' + [guid]::NewGuid().ToString('n')

    # The strings that betray $text: itself, and its base64 at the three byte alignments.
    function script:Get-Betrayals([string] $Text) {
        $bytes = [Text.Encoding]::UTF8.GetBytes($Text)
        $Text
        foreach ($shift in 0, 1, 2) {
            $padded = [byte[]]::new($shift) + $bytes
            $b64 = [Convert]::ToBase64String($padded)
            # Characters that depend on the padding bytes or on what follows are left out.
            $from = [int][Math]::Ceiling($shift * 4 / 3) + 1
            $b64.Substring($from, $b64.Length - $from - 4)
        }
    }

    # Runs $Script with every stream on and returns all it wrote, rendered as a user sees it: the
    # default view, Format-List, Format-Table -View Wide (where there is one), ConvertTo-KubeYaml of
    # each Kubernetes object, and each record of the other streams with its message and details.
    function script:Get-EverythingShown([scriptblock] $Script) {
        $ErrorActionPreference = 'Continue'
        $VerbosePreference = 'Continue'
        $DebugPreference = 'Continue'
        $InformationPreference = 'Continue'
        $WarningPreference = 'Continue'
        # A terminating error is shown too: it joins the records.
        $records = [System.Collections.Generic.List[object]]::new()
        try {
            & $Script *>&1 | ForEach-Object { $records.Add($_) }
        }
        catch {
            $records.Add($_)
        }
        $texts = [System.Collections.Generic.List[string]]::new()
        $texts.Add(($records | Out-String -Width 4000))
        foreach ($record in $records) {
            switch ($record) {
                { $_ -is [System.Management.Automation.ErrorRecord] } {
                    $texts.Add("$($_.Exception) $($_.ErrorDetails) $($_.TargetObject) $($_.CategoryInfo) $($_.FullyQualifiedErrorId)")
                    continue
                }
                { $_ -is [System.Management.Automation.InformationalRecord] } { $texts.Add($_.Message); continue }
                { $_ -is [System.Management.Automation.InformationRecord] } { $texts.Add("$($_.MessageData)"); continue }
                default {
                    $texts.Add(($record | Format-List | Out-String -Width 4000))
                    # kubectl's -o wide columns, where the record has them (TableFormats' view type names).
                    if ($record.PSObject.TypeNames[0] -match '#Table(#\d+)?$|^Kube\.PowerShell\.Cmdlets\.Watch\.KubeResourceEvent#') {
                        $texts.Add(($record | Format-Table -View Wide | Out-String -Width 4000))
                    }
                    $texts.Add("$record")
                    $objects = if ($record -is [Kube.PowerShell.Cmdlets.Watch.KubeResourceEvent]) { @($record.Object, $record.OldObject) } else { @($record) }
                    foreach ($obj in $objects | Where-Object { $null -ne $_ }) {
                        $texts.Add(($obj | Format-List | Out-String -Width 4000))
                        $texts.Add(($obj | ConvertTo-KubeYaml -ErrorAction Ignore | Out-String -Width 4000))
                    }
                }
            }
        }
        [pscustomobject]@{ Records = $records; Text = $texts -join "`n" }
    }

    # Fails naming what leaked and where, if any of the values (or their base64) is in $Shown.Text.
    function script:Assert-NoValue($Shown, [string[]] $Values = @($Value, $SecondValue, $FileValue)) {
        foreach ($v in $Values) {
            foreach ($betrayal in Get-Betrayals $v) {
                $at = $Shown.Text.IndexOf($betrayal, [StringComparison]::Ordinal)
                if ($at -ge 0) {
                    $start = [Math]::Max(0, $at - 200)
                    throw "a secret value (as '$betrayal') was shown: ...$($Shown.Text.Substring($start, [Math]::Min(400, $Shown.Text.Length - $start)))..."
                }
            }
        }
    }

    function script:Test-Shows($Shown, [string] $v) {
        foreach ($betrayal in Get-Betrayals $v) { if ($Shown.Text.Contains($betrayal)) { return $true } }
        $false
    }

    $script:ValueFile = Join-Path $TestDrive 'token.txt'
    Set-Content -Path $ValueFile -Value $FileValue -NoNewline
    $script:Manifest = Join-Path $TestDrive 'secret.yaml'
    Set-Content -Path $Manifest -Value @"
apiVersion: v1
kind: Secret
metadata: { name: applied, namespace: $Ns }
stringData: { password: $Value }
data: { second: $([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($SecondValue))) }
"@
}

AfterAll {
    Remove-TestNamespace $Ns
}

Describe 'the scan itself' -Tag 'Cmdlet', 'Secrets' {
    It 'finds a value printed as text and as base64 at any alignment (so a pass means something)' {
        Test-Shows ([pscustomobject]@{ Text = "x $Value y" }) $Value | Should -BeTrue
        foreach ($prefix in '', 'a', 'ab', '{"password":"') {
            $b64 = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($prefix + $Value + '"}'))
            Test-Shows ([pscustomobject]@{ Text = $b64 }) $Value | Should -BeTrue -Because "prefix '$prefix'"
        }
        Test-Shows ([pscustomobject]@{ Text = 'nothing here' }) $Value | Should -BeFalse
    }
}

Describe 'cmdlets that touch a Secret show no values' -Tag 'Cmdlet', 'Secrets' {
    It 'New-KubeSecret (a string, a SecureString and a file), with -Verbose and -Debug' {
        $shown = Get-EverythingShown {
            New-KubeSecret made -Namespace $Ns -Data @{ password = $Value; second = (ConvertTo-SecureString $SecondValue -AsPlainText -Force); file = (Get-Item $ValueFile) } -Verbose -Debug
        }
        Assert-NoValue $shown
        $shown.Records | Where-Object { $_ -is [Kube.Client.Models.CoreV1.Secret] } | Should -HaveCount 1
        $shown.Text | Should -Match 'password: \d+ bytes'
        # The server has the values.
        $stored = Get-KubectlJson -n $Ns secret made
        [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($stored.data.password)) | Should -Be $Value
        [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($stored.data.second)) | Should -Be $SecondValue
        [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($stored.data.file)) | Should -Be $FileValue
    }

    It 'New-KubeSecret -WhatIf, -DryRun, and its errors (a bad key, a namespace that does not exist)' {
        Assert-NoValue (Get-EverythingShown { New-KubeSecret w -Namespace $Ns -Data @{ password = $Value } -WhatIf -Verbose })
        Assert-NoValue (Get-EverythingShown { New-KubeSecret d -Namespace $Ns -Data @{ password = $Value } -DryRun -Verbose -Debug })
        $bad = Get-EverythingShown { New-KubeSecret b -Namespace $Ns -Data @{ 'bad key!' = $Value; password = $SecondValue } -ErrorAction Continue }
        Assert-NoValue $bad
        @($bad.Records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -Not -BeNullOrEmpty
        $missing = Get-EverythingShown { New-KubeSecret m -Namespace "$Ns-absent" -Data @{ password = $Value } -ErrorAction Continue -Verbose -Debug }
        Assert-NoValue $missing
        @($missing.Records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -Not -BeNullOrEmpty
    }

    It 'Invoke-KubeApply, New-, Set- and Update-KubeResource of a Secret manifest (stringData and data), with -Verbose and -Debug' {
        Assert-NoValue (Get-EverythingShown { Invoke-KubeApply -Path $Manifest -Verbose -Debug })
        Assert-NoValue (Get-EverythingShown { Invoke-KubeApply -Path $Manifest -DryRun -Verbose -Debug })
        $object = ConvertFrom-KubeYaml (Get-Content -Raw $Manifest)
        Assert-NoValue (Get-EverythingShown { $object })
        Assert-NoValue (Get-EverythingShown { Set-KubeResource -InputObject $object -Verbose -Debug })
        Assert-NoValue (Get-EverythingShown { Update-KubeResource Secret applied -Namespace $Ns -Patch @{ metadata = @{ labels = @{ touched = 'yes' } } } -Verbose -Debug })
        $copy = ConvertFrom-KubeYaml ((Get-Content -Raw $Manifest) -replace 'name: applied', 'name: copied')
        Assert-NoValue (Get-EverythingShown { New-KubeResource -InputObject $copy -Verbose -Debug })
        # A failure that echoes the object: creating it again.
        $again = Get-EverythingShown { New-KubeResource -InputObject $copy -ErrorAction Continue -Verbose -Debug }
        Assert-NoValue $again
        @($again.Records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -Not -BeNullOrEmpty
        (Get-KubectlJson -n $Ns secret applied).metadata.labels.touched | Should -Be 'yes'
    }

    It 'Get-KubeResource (a list, by name, -AllNamespaces) in every view and through ConvertTo-KubeYaml' {
        $null = Invoke-KubeApply -Path $Manifest
        Assert-NoValue (Get-EverythingShown { Get-KubeResource Secret -Namespace $Ns -Verbose -Debug })
        Assert-NoValue (Get-EverythingShown { Get-KubeResource Secret applied -Namespace $Ns -Verbose -Debug })
        Assert-NoValue (Get-EverythingShown { Get-KubeResource Secret -AllNamespaces -FieldSelector "metadata.namespace=$Ns" })
        # kubectl's columns: NAME TYPE DATA AGE, no values.
        $table = Get-KubeResource Secret applied -Namespace $Ns | Out-String -Width 400
        $table | Should -Match 'NAME\s+TYPE\s+DATA\s+AGE'
        # Format-List: keys and sizes.
        $list = Get-KubeResource Secret applied -Namespace $Ns | Format-List | Out-String -Width 400
        $list | Should -Match "password: $([Text.Encoding]::UTF8.GetByteCount($Value)) bytes"
        $list | Should -Match 'second: \d+ bytes'
        # kubectl apply's annotation holds the values: it shows as its size.
        $kubectlApplied = Join-Path $TestDrive 'kubectl-applied.yaml'
        (Get-Content -Raw $Manifest) -replace 'name: applied', 'name: kubectl-applied' | Set-Content $kubectlApplied
        (Invoke-Kubectl apply -f $kubectlApplied).ExitCode | Should -Be 0
        $shown = Get-EverythingShown { Get-KubeResource Secret kubectl-applied -Namespace $Ns }
        Assert-NoValue $shown
        $shown.Text | Should -Match 'last-applied-configuration=<redacted: \d+ bytes>'
        Assert-NoValue ([pscustomobject]@{ Text = (Get-KubeResource Secret kubectl-applied -Namespace $Ns | ConvertTo-KubeYaml) })
    }

    It 'Watch-KubeResource: Added and Modified events, the old object included' {
        $shown = Get-EverythingShown {
            $script:patched = $false
            Watch-KubeResource Secret applied -Namespace $Ns -IncludeInitial -Timeout 60 -Verbose | ForEach-Object {
                $_
                if (-not $script:patched) {
                    $script:patched = $true
                    $null = Invoke-Kubectl -n $Ns patch secret applied --type=merge -p "{`"stringData`":{`"third`":`"$FileValue`"}}"
                }
            } | Select-Object -First 2
        }
        Assert-NoValue $shown
        $events = @($shown.Records | Where-Object { $_ -is [Kube.PowerShell.Cmdlets.Watch.KubeResourceEvent] })
        @($events.Type) | Should -Be @('Added', 'Modified')
        $events[1].OldObject | Should -Not -BeNullOrEmpty
        # The values are there for whoever asks for them.
        [Text.Encoding]::UTF8.GetString($events[1].Object.Data['third']) | Should -Be $FileValue
    }

    It 'Wait-KubeResource and Remove-KubeResource' {
        Assert-NoValue (Get-EverythingShown { Wait-KubeResource Secret applied -Namespace $Ns -JsonPath '{.type}' -Value Opaque -Timeout 30 -Verbose })
        Assert-NoValue (Get-EverythingShown { Remove-KubeResource Secret copied -Namespace $Ns -Verbose -Debug -Confirm:$false })
    }

    It 'ConvertTo-KubeYaml redacts a Secret, a list of them and Unstructured ones; kubectl''s last-applied annotation too' {
        $typed = Get-KubeResource Secret applied -Namespace $Ns
        $yaml = $typed | ConvertTo-KubeYaml
        $yaml | Should -Match "password: '?<redacted: $([Text.Encoding]::UTF8.GetByteCount($Value)) bytes>'?"
        Assert-NoValue ([pscustomobject]@{ Text = $yaml })
        Assert-NoValue ([pscustomobject]@{ Text = (Get-KubeResource Secret -Namespace $Ns | ConvertTo-KubeYaml | Out-String) })
        Assert-NoValue ([pscustomobject]@{ Text = (ConvertFrom-KubeYaml (Get-Content -Raw $Manifest) | ConvertTo-KubeYaml) })
    }
}

Describe 'values for whoever asks' -Tag 'Cmdlet', 'Secrets' {
    It 'ConvertFrom-KubeSecret gives SecureStrings by default, plain text with -AsPlainText, bytes with -AsByteArray' {
        $secret = Get-KubeResource Secret applied -Namespace $Ns
        $secure = $secret | ConvertFrom-KubeSecret
        $secure.password | Should -BeOfType ([securestring])
        [System.Net.NetworkCredential]::new('', $secure.password).Password | Should -Be $Value
        Assert-NoValue (Get-EverythingShown { $secret | ConvertFrom-KubeSecret })
        $plain = Get-EverythingShown { $secret | ConvertFrom-KubeSecret -AsPlainText }
        Test-Shows $plain $Value | Should -BeTrue
        $secret | ConvertFrom-KubeSecret password -AsPlainText | Should -Be $Value
        [Text.Encoding]::UTF8.GetString([byte[]]($secret | ConvertFrom-KubeSecret second -AsByteArray)) | Should -Be $SecondValue
    }

    It 'ConvertTo-KubeYaml -IncludeSecretData writes the values' {
        $yaml = Get-KubeResource Secret applied -Namespace $Ns | ConvertTo-KubeYaml -IncludeSecretData
        Test-Shows ([pscustomobject]@{ Text = $yaml }) $Value | Should -BeTrue
    }
}
