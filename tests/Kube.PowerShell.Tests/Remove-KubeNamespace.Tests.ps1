# Remove-KubeNamespace against the local control plane, cross-checked with kubectl. The namespace
# controller and the garbage collector of the local control plane do the actual deleting.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Prefix = New-TestName 'rmns'
    $script:Counter = 0
    $script:Pending = [System.Collections.Generic.List[string]]::new()
    $script:Hold = 'pester.example.com/hold'

    # Creates namespaces (kubectl) with fresh names; AfterEach deletes what is left of them.
    function script:New-Namespaces([int] $Count = 1, [switch] $WithHold) {
        foreach ($i in 1..$Count) {
            $script:Counter++
            $name = "$Prefix-$Counter"
            $script:Pending.Add($name)
            $metadata = @{ name = $name }
            if ($WithHold) { $metadata.finalizers = @($script:Hold) }
            New-KubectlObject @{ apiVersion = 'v1'; kind = 'Namespace'; metadata = $metadata }
            $name
        }
    }
    function script:Get-Namespace([string] $Name) {
        $r = Invoke-Kubectl get namespace $Name -o json
        if ($r.ExitCode -ne 0) { return $null }
        $r.Output | ConvertFrom-Json -AsHashtable
    }
    function script:Test-Gone([string] $Name) { (Invoke-Kubectl get namespace $Name).Output -match 'NotFound' }
    function script:Test-Deleting([string] $Name) { $null -ne (Get-Namespace $Name).metadata.deletionTimestamp }

    # Where dependents of the namespaces under test live (owner references across scopes: a
    # namespaced object may be owned by a cluster-scoped one).
    $script:Holder = New-TestName 'rmns-dependents'
    (Invoke-Kubectl create namespace $Holder).ExitCode | Should -Be 0
}

AfterAll {
    $null = Invoke-Kubectl -n $Holder patch configmap dependent --type=merge -p '{"metadata":{"finalizers":null}}'
    Remove-TestNamespace $Holder
}

Describe 'Remove-KubeNamespace' -Tag 'Cmdlet', 'Remove-KubeNamespace' {
    AfterEach {
        Remove-TestNamespace $Pending
        $Pending.Clear()
    }

    Context 'deleting' {
        It 'starts the deletion and returns without output' {
            $name = New-Namespaces
            Remove-KubeNamespace $name -Confirm:$false | Should -BeNullOrEmpty
            (Test-Gone $name) -or (Test-Deleting $name) | Should -BeTrue
        }

        It '-Wait returns once kubectl no longer finds the namespace, content included' {
            $name = New-Namespaces
            (Invoke-Kubectl -n $name create configmap inside --from-literal=a=b).ExitCode | Should -Be 0
            Remove-KubeNamespace $name -Wait -Confirm:$false
            Test-Gone $name | Should -BeTrue
        }

        It '-Wait reports progress and completes it' {
            $name = New-Namespaces
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddCommand('Import-Module').AddParameter('Name', $ModuleManifest).AddStatement()
                $null = $ps.AddCommand('Remove-KubeNamespace').AddParameter('Name', $name).AddParameter('Wait').AddParameter('Confirm', $false)
                $null = $ps.Invoke()
                $ps.Streams.Error | Should -BeNullOrEmpty
                # The progress of every wait for an object (Wait-KubeResource's too).
                $progress = @($ps.Streams.Progress | Where-Object ActivityId -EQ 0x4b7761)
            }
            finally { $ps.Dispose() }
            Test-Gone $name | Should -BeTrue
            $progress.Count | Should -BeGreaterThan 0
            $progress[-1].RecordType | Should -Be 'Completed'
            $progress[0].Activity | Should -Be "Waiting for namespace $name to be deleted"
        }

        It 'deletes several names, and every match of a wildcard' {
            $names = @(New-Namespaces -Count 3)
            Remove-KubeNamespace $names[0], "$Prefix-[$($Counter - 1)$Counter]" -Wait -Confirm:$false
            foreach ($n in $names) { Test-Gone $n | Should -BeTrue -Because $n }
        }

        It 'a wildcard that matches nothing deletes nothing and is not an error' {
            $name = New-Namespaces
            Remove-KubeNamespace "$Prefix-nothing-*" -Confirm:$false -ErrorVariable errors
            $errors | Should -BeNullOrEmpty
            Test-Deleting $name | Should -BeFalse
        }

        It 'through the client-certificate context' {
            $name = New-Namespaces
            Remove-KubeNamespace $name -Context kube-ps-cert -Wait -Confirm:$false
            Test-Gone $name | Should -BeTrue
        }
    }

    Context 'pipeline' {
        It 'Get-KubeNamespace x | Remove-KubeNamespace deletes it' {
            $name = New-Namespaces
            Get-KubeNamespace $name | Remove-KubeNamespace -Wait -Confirm:$false
            Test-Gone $name | Should -BeTrue
        }

        It "'a','b' | Remove-KubeNamespace deletes both" {
            $names = @(New-Namespaces -Count 2)
            $names | Remove-KubeNamespace -Wait -Confirm:$false
            foreach ($n in $names) { Test-Gone $n | Should -BeTrue }
        }
    }

    Context 'safety' {
        It '-WhatIf deletes nothing' {
            $name = New-Namespaces
            Remove-KubeNamespace $name -WhatIf
            Test-Deleting $name | Should -BeFalse
        }

        It 'confirms at Medium impact: $ConfirmPreference = ''Medium'' asks, and a non-interactive host cannot' {
            $name = New-Namespaces
            $result = Invoke-InNewRunspace -Parameters @{ Name = $name } -Script {
                param($Name)
                $ConfirmPreference = 'Medium'
                Remove-KubeNamespace $Name
            }
            $result.Errors.Count | Should -BeGreaterThan 0
            Test-Deleting $name | Should -BeFalse
        }

        It '-DryRun deletes nothing, as kubectl sees it' {
            $name = New-Namespaces
            Remove-KubeNamespace $name -DryRun -Confirm:$false
            $ns = Get-Namespace $name
            $ns.metadata.deletionTimestamp | Should -BeNullOrEmpty
            $ns.status.phase | Should -Be 'Active'
        }

        It '-DryRun with -Wait returns at once' {
            $name = New-Namespaces
            Remove-KubeNamespace $name -DryRun -Wait -Confirm:$false
            Test-Deleting $name | Should -BeFalse
        }
    }

    Context 'propagation policies' {
        BeforeEach {
            # A ConfigMap owned by the namespace under test, kept by a finalizer once deleted, so
            # what the garbage collector did to it stays visible.
            $script:Owner = New-Namespaces
            $uid = (Invoke-Kubectl get namespace $Owner -o 'jsonpath={.metadata.uid}').Output
            $null = Invoke-Kubectl -n $Holder patch configmap dependent --type=merge -p '{"metadata":{"finalizers":null}}'
            $null = Invoke-Kubectl -n $Holder delete configmap dependent --ignore-not-found --wait=true
            New-KubectlObject @{
                apiVersion = 'v1'; kind = 'ConfigMap'
                metadata = @{
                    name = 'dependent'; namespace = $Holder; finalizers = @($Hold)
                    ownerReferences = @(@{ apiVersion = 'v1'; kind = 'Namespace'; name = $Owner; uid = $uid; blockOwnerDeletion = $true })
                }
            }
            function script:Get-Dependent { (Invoke-Kubectl -n $Holder get configmap dependent -o json).Output | ConvertFrom-Json -AsHashtable }
        }

        It 'Foreground: the dependent is deleted first and the namespace waits for it' {
            Remove-KubeNamespace $Owner -PropagationPolicy Foreground -Confirm:$false
            Wait-Until -TimeoutSeconds 90 -Because 'the garbage collector deletes the dependent' { (Get-Dependent).metadata.deletionTimestamp }
            $ns = Get-Namespace $Owner
            $ns | Should -Not -BeNullOrEmpty -Because 'the dependent still exists (its finalizer holds it)'
            $ns.metadata.finalizers | Should -Contain 'foregroundDeletion'
        }

        It 'Background: the namespace goes, then the dependent is deleted' {
            Remove-KubeNamespace $Owner -PropagationPolicy Background -Wait -Confirm:$false
            Test-Gone $Owner | Should -BeTrue
            Wait-Until -TimeoutSeconds 90 -Because 'the garbage collector deletes the dependent' { (Get-Dependent).metadata.deletionTimestamp }
        }

        It 'Orphan: the namespace goes and the dependent stays, without its owner reference' {
            Remove-KubeNamespace $Owner -PropagationPolicy Orphan -Wait -Confirm:$false
            Test-Gone $Owner | Should -BeTrue
            Wait-Until -TimeoutSeconds 90 -Because 'the garbage collector orphans the dependent' { -not (Get-Dependent).metadata.ownerReferences }
            (Get-Dependent).metadata.deletionTimestamp | Should -BeNullOrEmpty
        }

        It 'rejects an unknown policy before any request' {
            { Remove-KubeNamespace $Owner -PropagationPolicy Sideways -Confirm:$false } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,Kube.PowerShell.Cmdlets.Namespaces.RemoveKubeNamespaceCommand'
            Test-Deleting $Owner | Should -BeFalse
        }
    }

    Context '-Wait with -Timeout' {
        It 'a namespace that never goes ends the wait with WaitTimeout after -Timeout <Timeout>' -TestCases @(
            @{ Timeout = 2 }, @{ Timeout = '2' }, @{ Timeout = '2s' }, @{ Timeout = '00:00:02' }, @{ Timeout = '1500ms' }
        ) {
            param($Timeout)
            $name = New-Namespaces -WithHold
            $expected = [Kube.PowerShell.Parameters.DurationTransformationAttribute]::new().Transform($null, $Timeout)
            Remove-KubeNamespace $name -Wait -Timeout $Timeout -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'WaitTimeout,Kube.PowerShell.Cmdlets.Namespaces.RemoveKubeNamespaceCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $errors[0].TargetObject | Should -Be $name
            $errors[0].Exception.Message | Should -BeLike "Timed out after $($expected.TotalSeconds) s waiting for namespace $name to be deleted; last seen: still present (terminating*"
            Test-Deleting $name | Should -BeTrue
        }

        It 'refuses a duration it cannot read, naming the forms it takes' {
            $err = { Remove-KubeNamespace 'x' -Timeout 'soon' -Confirm:$false } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
            $err.Exception.Message | Should -Match "'soon' is not a duration"
        }
    }

    Context 'stopping (Ctrl+C)' {
        It 'stops a -Wait on a namespace that never goes, promptly, without a timeout error' {
            $name = New-Namespaces -WithHold
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddCommand('Import-Module').AddParameter('Name', $ModuleManifest).AddStatement()
                $null = $ps.AddCommand('Remove-KubeNamespace').AddParameter('Name', $name).AddParameter('Wait').
                    AddParameter('Timeout', '10m').AddParameter('Confirm', $false)
                $handle = $ps.BeginInvoke()
                Wait-Until -TimeoutSeconds 60 -Because 'the namespace is being deleted and the command waits' { Test-Deleting $name }
                Start-Sleep -Milliseconds 500
                $ps.InvocationStateInfo.State | Should -Be 'Running'
                $clock = [System.Diagnostics.Stopwatch]::StartNew()
                $ps.Stop()
                $clock.Stop()
                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
                # Generous: the wait would otherwise last ten minutes.
                $clock.Elapsed.TotalSeconds | Should -BeLessThan 30
                @($ps.Streams.Error | Where-Object { $_.FullyQualifiedErrorId -like 'WaitTimeout*' }) | Should -BeNullOrEmpty
            }
            finally { $ps.Dispose() }
        }
    }

    Context 'refusals' {
        It 'a missing name is a NotFound error naming it' {
            Remove-KubeNamespace "$Prefix-none" -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -Be 'NotFound,Kube.PowerShell.Cmdlets.Namespaces.RemoveKubeNamespaceCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be "$Prefix-none"
            $errors[0].Exception.Message | Should -Be "namespaces `"$Prefix-none`" not found"
        }

        It 'the viewer may not delete: PermissionDenied, and the namespace stays' {
            $name = New-Namespaces
            Remove-KubeNamespace $name -Context kube-ps-viewer -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -Be 'Forbidden,Kube.PowerShell.Cmdlets.Namespaces.RemoveKubeNamespaceCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $errors[0].Exception.Message | Should -Be "namespaces `"$name`" is forbidden: User `"kube-ps-viewer`" cannot delete resource `"namespaces`" in API group `"`" in the namespace `"$name`""
            Test-Deleting $name | Should -BeFalse
        }
    }
}
