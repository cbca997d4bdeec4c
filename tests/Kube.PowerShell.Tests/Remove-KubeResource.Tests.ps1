# Remove-KubeResource against the local control plane, cross-checked with kubectl.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'rmres'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    $script:Counter = 0
    function script:New-ConfigMap([string[]] $Finalizer) {
        $script:Counter++
        $name = "cm-$Counter"
        $metadata = @{ name = $name; namespace = $Ns }
        if ($Finalizer) { $metadata.finalizers = $Finalizer }
        New-KubectlObject @{ apiVersion = 'v1'; kind = 'ConfigMap'; metadata = $metadata }
        $name
    }
    function script:Test-Exists([string] $Kind, [string] $Name) { (Invoke-Kubectl -n $Ns get $Kind $Name -o name).ExitCode -eq 0 }
}

AfterAll { Remove-TestNamespace $Ns }

Describe 'Remove-KubeResource' -Tag 'Cmdlet', 'Remove-KubeResource' {
    It 'deletes by -Kind and -Name (several names) and writes nothing' {
        $a = New-ConfigMap; $b = New-ConfigMap
        Remove-KubeResource cm $a, $b -Namespace $Ns -Confirm:$false | Should -BeNullOrEmpty
        Test-Exists configmap $a | Should -BeFalse
        Test-Exists configmap $b | Should -BeFalse
    }

    It 'deletes objects from the pipeline and from a manifest file' {
        $a = New-ConfigMap; $b = New-ConfigMap
        @{ apiVersion = 'v1'; kind = 'ConfigMap'; metadata = @{ name = $a; namespace = $Ns } } | Remove-KubeResource -Confirm:$false
        $file = Join-Path $TestDrive 'b.yaml'
        "apiVersion: v1`nkind: ConfigMap`nmetadata:`n  name: $b`n  namespace: $Ns`n" | Set-Content $file
        Remove-KubeResource -Path $file -Confirm:$false
        Test-Exists configmap $a | Should -BeFalse
        Test-Exists configmap $b | Should -BeFalse
    }

    It 'deletes a Deployment with Orphan propagation' {
        New-KubectlObject @{
            apiVersion = 'apps/v1'; kind = 'Deployment'; metadata = @{ name = 'web'; namespace = $Ns }
            spec = @{ replicas = 1; selector = @{ matchLabels = @{ app = 'web' } }; template = @{ metadata = @{ labels = @{ app = 'web' } }; spec = @{ schedulerName = $NoScheduler; containers = @(@{ name = 'web'; image = 'nginx:1.25' }) } } }
        }
        Remove-KubeResource deployments.apps web -Namespace $Ns -PropagationPolicy Orphan -Wait -Confirm:$false
        Test-Exists deployment web | Should -BeFalse
    }

    It '-Wait returns once a finalizer is removed and the object is gone' {
        $name = New-ConfigMap -Finalizer 'pester.example.com/hold'
        $job = Start-ThreadJob -ScriptBlock {
            param($Kubeconfig, $Ns, $Name)
            Start-Sleep -Seconds 2
            & kubectl --kubeconfig $Kubeconfig -n $Ns patch configmap $Name --type=merge -p '{"metadata":{"finalizers":null}}' | Out-Null
        } -ArgumentList $ClusterKubeconfig, $Ns, $name
        try {
            Remove-KubeResource cm $name -Namespace $Ns -Wait -Confirm:$false -ProgressAction SilentlyContinue
            Test-Exists configmap $name | Should -BeFalse
        }
        finally { $job | Wait-Job | Remove-Job }
    }

    It '-Wait with a short -Timeout reports WaitTimeout (as Wait-KubeResource does) for an object held by a finalizer' {
        $name = New-ConfigMap -Finalizer 'pester.example.com/hold'
        try {
            Remove-KubeResource cm $name -Namespace $Ns -Wait -Timeout 1 -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue -ProgressAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
            $errs[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $errs[0].TargetObject | Should -Be "$Ns/$name"
            $errs[0].Exception.Message | Should -Be "Timed out after 1 s waiting for ConfigMap/$name in namespace $Ns to be deleted; last seen: still present (terminating, finalizers pester.example.com/hold)."
        }
        finally { $null = Invoke-Kubectl -n $Ns patch configmap $name --type=merge -p '{"metadata":{"finalizers":null}}' }
    }

    It '-Wait is not fooled by a new object made under the deleted one''s name' {
        $name = New-ConfigMap -Finalizer 'pester.example.com/hold'
        $job = Start-ThreadJob -ScriptBlock {
            param($Kubeconfig, $Ns, $Name)
            Start-Sleep -Seconds 2
            & kubectl --kubeconfig $Kubeconfig -n $Ns patch configmap $Name --type=merge -p '{"metadata":{"finalizers":null}}' | Out-Null
            & kubectl --kubeconfig $Kubeconfig -n $Ns wait --for=delete "configmap/$Name" --timeout=30s | Out-Null
            & kubectl --kubeconfig $Kubeconfig -n $Ns create configmap $Name --from-literal=again=1 | Out-Null
        } -ArgumentList $ClusterKubeconfig, $Ns, $name
        try {
            # The object deleted is gone even though one of that name exists again by the time the wait looks.
            Remove-KubeResource cm $name -Namespace $Ns -Wait -Timeout 60 -Confirm:$false -ErrorVariable errs -ProgressAction SilentlyContinue
            $errs.Count | Should -Be 0
            $job | Wait-Job | Remove-Job
            (Invoke-Kubectl -n $Ns get configmap $name -o jsonpath='{.data.again}').Output | Should -Be '1'
        }
        finally { Get-Job | Where-Object Id -EQ $job.Id | Remove-Job -Force }
    }

    It '-DryRun and -WhatIf delete nothing' {
        $name = New-ConfigMap
        Remove-KubeResource cm $name -Namespace $Ns -DryRun -Confirm:$false
        Remove-KubeResource cm $name -Namespace $Ns -WhatIf
        Test-Exists configmap $name | Should -BeTrue
    }

    It 'a missing object is NotFound and the other names are still deleted' {
        $a = New-ConfigMap
        Remove-KubeResource cm nothing-here, $a -Namespace $Ns -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NotFound*'
        Test-Exists configmap $a | Should -BeFalse
    }

    It 'an unknown -Kind is UnknownKind' {
        { Remove-KubeResource confgmap x -Namespace $Ns -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownKind*'
    }
}
