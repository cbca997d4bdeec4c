# Get-KubeNamespace against the local control plane, cross-checked with kubectl.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Run = [guid]::NewGuid().ToString('n').Substring(0, 8)
    $script:RunLabel = "pester-run=$Run"
    $script:Prefix = "pester-getns-$Run"
    $script:Names = @("$Prefix-a1", "$Prefix-a2", "$Prefix-b1")
    foreach ($n in $Names) {
        (Invoke-Kubectl create namespace $n).ExitCode | Should -Be 0
    }
    $null = Invoke-Kubectl label namespace $Names[0] $RunLabel team=a
    $null = Invoke-Kubectl label namespace $Names[1] $RunLabel team=a
    $null = Invoke-Kubectl label namespace $Names[2] $RunLabel team=b
    $null = Invoke-Kubectl annotate namespace $Names[2] 'pester.example.com/note=kept'
    # A finalizer of ours keeps this one Terminating after it is deleted.
    $script:Terminating = "$Prefix-t1"
    New-KubectlObject @{ apiVersion = 'v1'; kind = 'Namespace'; metadata = @{ name = $Terminating; finalizers = @('pester.example.com/hold'); labels = @{ 'pester-run' = $Run } } }
    $null = Invoke-Kubectl delete namespace $Terminating --wait=false
    Wait-Until -Because "$Terminating is Terminating" {
        (Invoke-Kubectl get namespace $Terminating -o 'jsonpath={.status.phase}').Output -eq 'Terminating'
    }
}

AfterAll {
    Remove-TestNamespace ($Names + $Terminating)
}

Describe 'Get-KubeNamespace' -Tag 'Cmdlet', 'Get-KubeNamespace' {
    Context 'cross-checked with kubectl, field by field' {
        It 'an exact name returns the namespace kubectl returns (<Name>)' -TestCases @(
            @{ Name = 'kube-system' }, @{ Name = 'default' }
        ) {
            param($Name)
            $ns = Get-KubeNamespace $Name
            $ns | Should -BeOfType ([Kube.Client.Models.CoreV1.Namespace])
            Compare-JsonTree (Get-KubectlJson namespace $Name) (ConvertTo-ModelTree $ns) | Should -BeNullOrEmpty
        }

        It 'labels, annotations, finalizers and a deletion timestamp all survive' {
            foreach ($name in $Names[2], $Terminating) {
                $ns = Get-KubeNamespace $name
                Compare-JsonTree (Get-KubectlJson namespace $name) (ConvertTo-ModelTree $ns) | Should -BeNullOrEmpty -Because $name
            }
            (Get-KubeNamespace $Terminating).Metadata.Finalizers | Should -Be @('pester.example.com/hold')
        }

        It 'a label-selected list matches kubectl''s, each namespace field by field' {
            $ours = @(Get-KubeNamespace -LabelSelector $RunLabel)
            $expected = @((Get-KubectlJson namespaces -l $RunLabel).items)
            @($ours.Name) | Should -Be @($expected | ForEach-Object { $_.metadata.name })
            foreach ($item in $expected) {
                Compare-JsonTree $item (ConvertTo-ModelTree ($ours | Where-Object Name -EQ $item.metadata.name)) | Should -BeNullOrEmpty
            }
        }

        It 'adds Name, Namespace (itself), Age and Phase at the top level' {
            $ns = Get-KubeNamespace $Names[0]
            $ns.Name | Should -Be $Names[0]
            $ns.Namespace | Should -Be $Names[0]
            $ns.Age | Should -BeOfType ([timespan])
            $ns.Phase | Should -Be 'Active'
            (Get-KubeNamespace $Terminating).Phase | Should -Be 'Terminating'
        }
    }

    Context 'names, wildcards and selectors' {
        It 'lists every namespace when no name is given' {
            $expected = @((Invoke-Kubectl get namespaces -o name).Output -split "`n" | ForEach-Object { $_ -replace '^namespace/', '' })
            $ours = @(Get-KubeNamespace).Name
            # Other engineers' tests create namespaces at the same time: compare the stable ones.
            foreach ($name in @('default', 'kube-system', 'kube-public', 'kube-node-lease') + $Names) {
                $ours | Should -Contain $name
                $expected | Should -Contain $name
            }
        }

        It 'a wildcard returns the matching namespaces (<Pattern>)' -TestCases @(
            @{ Pattern = '-a*'; Expected = 0, 1 }
            @{ Pattern = '-?2'; Expected = , 1 }
            @{ Pattern = '-[ab]*'; Expected = 0, 1, 2 }
        ) {
            param($Pattern, $Expected)
            @(Get-KubeNamespace "$Prefix$Pattern").Name | Should -Be @($Expected | ForEach-Object { $Names[$_] })
        }

        It 'selects what kubectl selects: <Kind>' -TestCases @(
            @{ Kind = 'label'; Parameters = @{ LabelSelector = 'team=a' }; Kubectl = @('-l', 'team=a') }
            @{ Kind = 'label set'; Parameters = @{ LabelSelector = 'team in (a,b),team!=a' }; Kubectl = @('-l', 'team in (a,b),team!=a') }
            @{ Kind = 'field'; Parameters = @{ FieldSelector = 'status.phase=Terminating' }; Kubectl = @('--field-selector', 'status.phase=Terminating') }
        ) {
            param($Kind, $Parameters, $Kubectl)
            $expected = @((Invoke-Kubectl get namespaces -o name @Kubectl).Output -split "`n" | ForEach-Object { $_ -replace '^namespace/', '' } |
                Where-Object { $_ -like "$Prefix-*" })
            $expected.Count | Should -BeGreaterThan 0
            @(Get-KubeNamespace "$Prefix-*" @Parameters).Name | Should -Be $expected
        }

        It 'refuses an exact name with a selector, as kubectl does' {
            $err = { Get-KubeNamespace $Names[0] -LabelSelector 'team=b' } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -Be 'NameWithSelector,Kube.PowerShell.Cmdlets.Namespaces.GetKubeNamespaceCommand'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'a missing name is a NotFound error naming it; the other names still come back' {
            $result = Get-KubeNamespace "$Prefix-none", $Names[0] -ErrorVariable errors -ErrorAction SilentlyContinue
            @($result).Name | Should -Be @($Names[0])
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'NotFound,Kube.PowerShell.Cmdlets.Namespaces.GetKubeNamespaceCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be "$Prefix-none"
            $errors[0].Exception.Message | Should -Be "namespaces `"$Prefix-none`" not found"
        }
    }

    Context 'pipeline' {
        It 'takes names from the pipeline' {
            @($Names[0], $Names[2] | Get-KubeNamespace).Name | Should -Be @($Names[0], $Names[2])
        }

        It 'takes names from objects with a Name property' {
            @([pscustomobject]@{ Name = $Names[1] } | Get-KubeNamespace).Name | Should -Be @($Names[1])
        }

        It 'a namespace piped back in is read again' {
            $again = Get-KubeNamespace $Names[0] | Get-KubeNamespace
            $again.Metadata.Uid | Should -Be (Invoke-Kubectl get namespace $Names[0] -o 'jsonpath={.metadata.uid}').Output
        }
    }

    Context '-Context and -Kubeconfig for one call' {
        It 'the viewer context may read namespaces' {
            (Get-KubeNamespace $Names[0] -Context kube-ps-viewer).Name | Should -Be $Names[0]
        }

        It 'the client-certificate context reads the same object' {
            $ns = Get-KubeNamespace $Names[0] -Context kube-ps-cert
            Compare-JsonTree (Get-KubectlJson --context kube-ps-cert namespace $Names[0]) (ConvertTo-ModelTree $ns) | Should -BeNullOrEmpty
        }
    }

    Context 'server warnings' {
        BeforeAll {
            $script:Fake = Start-FakeApiServer -Warning @(
                '299 - "v1 Namespace is deprecated in v9.99+, unavailable in v10.0+"'
                '299 - "second warning, with a comma"'
                '199 - "not from the API server: ignored, as client-go ignores it"'
            )
            $script:FakeKubeconfig = New-FakeKubeconfig -Path (Join-Path $TestDrive 'fake.kubeconfig') -Port $Fake.Port
        }
        AfterAll { Stop-FakeApiServer $Fake }

        # No cmdlet of this module calls a deprecated API of Kubernetes 1.20, which is what makes
        # the real server send Warning headers; a loopback server stands in for it.
        It 'each Warning header of the response becomes a PowerShell warning' {
            $ns = Get-KubeNamespace 'from-fake' -Kubeconfig $FakeKubeconfig -WarningVariable warnings -WarningAction SilentlyContinue
            $ns.Name | Should -Be 'from-fake'
            $server = @($warnings | Where-Object { $_.Message -notmatch 'plain http' } | ForEach-Object Message)
            $server | Should -Be @('v1 Namespace is deprecated in v9.99+, unavailable in v10.0+', 'second warning, with a comma')
        }

        It 'warns that a token goes over plain http, naming the server but not the token' {
            # A new file: a new connection, which warns when it is made.
            $kubeconfig = New-FakeKubeconfig -Path (Join-Path $TestDrive 'plain.kubeconfig') -Port $Fake.Port -Token 'fake-token-4f8a2c'
            $null = Get-KubeNamespace 'again' -Kubeconfig $kubeconfig -WarningVariable warnings -WarningAction SilentlyContinue
            $plain = @($warnings.Message | Where-Object { $_ -match 'plain http' })
            $plain.Count | Should -Be 1
            $plain[0] | Should -BeLike "http://127.0.0.1:$($Fake.Port) (context ""fake"" in $kubeconfig) is plain http: credentials are sent unencrypted"
            (@($warnings.Message) -join "`n") | Should -Not -Match 'fake-token-4f8a2c'
        }

        It '-WarningAction Stop turns a server warning into a terminating error' {
            { Get-KubeNamespace 'stop' -Kubeconfig $FakeKubeconfig -WarningAction Stop } | Should -Throw '*deprecated*'
        }
    }

    Context 'format view' {
        It 'shows NAME, STATUS and AGE as kubectl get namespaces does' {
            $table = ConvertFrom-TableText (Get-KubeNamespace "$Prefix-*" | Format-Table | Out-String)
            $table.Columns | Should -Be @('NAME', 'STATUS', 'AGE')
            $kubectl = @(ConvertFrom-KubectlTable (Invoke-Kubectl get namespaces @($Names + $Terminating)).Output)
            foreach ($row in $kubectl) {
                $ours = $table.Rows | Where-Object { $_.NAME -eq $row.NAME }
                $ours.STATUS | Should -Be $row.STATUS
                $ours.AGE | Should -Match '^\d+[smhdy]'
            }
            ($table.Rows | Where-Object { $_.NAME -eq $Terminating }).STATUS | Should -Be 'Terminating'
        }
    }

    Context 'tab completion' {
        It 'completes namespace names from the cluster' {
            $line = "Get-KubeNamespace $Prefix-a"
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
            @($completions.CompletionText) | Should -Be @($Names[0], $Names[1])
        }
    }
}
