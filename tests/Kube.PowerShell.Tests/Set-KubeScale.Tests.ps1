# Set-KubeScale against the local control plane, each result compared with kubectl's view. The
# Deployments' pods never run (New-TestWorkload): scaling is a change of the spec, whatever the pods do.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'scale'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    function script:Get-Replicas([string] $Kind, [string] $Name) {
        (Invoke-Kubectl -n $Ns get $Kind $Name -o 'jsonpath={.spec.replicas}').Output
    }
}

AfterAll {
    Remove-TestNamespace $Ns
}

Describe 'Set-KubeScale' -Tag 'Cmdlet', 'Set-KubeScale' {
    It 'scales a Deployment through its scale subresource and writes the Scale' {
        New-TestWorkload -Namespace $Ns -Name web -Replicas 1
        $scale = Set-KubeScale deploy web -Namespace $Ns -Replicas 3
        $scale | Should -BeOfType ([Kube.Client.Models.AutoscalingV1.Scale])
        $scale.Spec.Replicas | Should -Be 3
        $scale.Metadata.Name | Should -Be 'web'
        $scale.Status.Selector | Should -Be 'app=web'
        Get-Replicas deployment web | Should -Be '3'
    }

    It 'shows the Scale as the replicas asked for, those counted now and the selector' {
        New-TestWorkload -Namespace $Ns -Name shown -Replicas 2
        Wait-Until -TimeoutSeconds 60 -Because 'the Deployment counts its 2 pods' {
            (Invoke-Kubectl -n $Ns get deployment shown -o 'jsonpath={.status.replicas}').Output -eq '2'
        }
        $lines = @((Set-KubeScale deploy shown -Namespace $Ns -Replicas 4 | Out-String -Width 200) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] -split '\s+' | Where-Object { $_ } | Should -Be @('NAMESPACE', 'NAME', 'DESIRED', 'CURRENT', 'SELECTOR')
        # CURRENT is what the controller counted when the change was stored, before it could act on it.
        $lines[2] -split '\s+' | Where-Object { $_ } | Should -Be @($Ns, 'shown', '4', '2', 'app=shown')
    }

    It 'scales to zero, which the Scale reads as 0' {
        New-TestWorkload -Namespace $Ns -Name zero -Replicas 2
        (Set-KubeScale deploy zero -Namespace $Ns -Replicas 0).Spec.Replicas | Should -Be 0
        Get-Replicas deployment zero | Should -Be '0'
    }

    It '-CurrentReplicas that does not hold changes nothing and is a ScalePreconditionFailed error naming what it found' {
        New-TestWorkload -Namespace $Ns -Name guarded -Replicas 2
        $out = @(Set-KubeScale deploy guarded -Namespace $Ns -Replicas 5 -CurrentReplicas 4 -ErrorVariable errors -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ScalePreconditionFailed,*'
        $errors[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        "$($errors[0])" | Should -Match 'expected replicas to be 4, was 2'
        Get-Replicas deployment guarded | Should -Be '2'

        (Set-KubeScale deploy guarded -Namespace $Ns -Replicas 5 -CurrentReplicas 2).Spec.Replicas | Should -Be 5
        Get-Replicas deployment guarded | Should -Be '5'
    }

    It 'scales the objects piped in, each on its own' {
        New-TestWorkload -Namespace $Ns -Name piped-a -Replicas 1
        New-TestWorkload -Kind StatefulSet -Namespace $Ns -Name piped-b -Replicas 1
        $objects = @(Get-KubeResource deploy piped-a -Namespace $Ns) + @(Get-KubeResource sts piped-b -Namespace $Ns) + @(Get-KubeResource cm kube-root-ca.crt -Namespace $Ns)
        $scales = @($objects | Set-KubeScale -Replicas 2 -ErrorVariable errors -ErrorAction SilentlyContinue)
        $scales.Count | Should -Be 2
        Get-Replicas deployment piped-a | Should -Be '2'
        Get-Replicas statefulset piped-b | Should -Be '2'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'NotScalable,*'
        "$($errors[0])" | Should -Match 'configmaps has no scale subresource'
    }

    It 'scales a custom resource whose CRD enables the scale subresource' {
        $group = 'scale' + [guid]::NewGuid().ToString('n').Substring(0, 8) + '.kubeps.test'
        New-KubectlObject @{
            apiVersion = 'apiextensions.k8s.io/v1'; kind = 'CustomResourceDefinition'
            metadata = @{ name = "gizmos.$group" }
            spec = @{
                group = $group; scope = 'Namespaced'
                names = @{ plural = 'gizmos'; singular = 'gizmo'; kind = 'Gizmo'; listKind = 'GizmoList' }
                versions = @(@{
                        name = 'v1'; served = $true; storage = $true
                        subresources = @{ status = @{}; scale = @{ specReplicasPath = '.spec.replicas'; statusReplicasPath = '.status.replicas' } }
                        schema = @{ openAPIV3Schema = @{ type = 'object'; properties = @{ spec = @{ type = 'object'; properties = @{ replicas = @{ type = 'integer' } } }; status = @{ type = 'object'; properties = @{ replicas = @{ type = 'integer' } } } } } }
                    })
            }
        }
        try {
            Wait-Until -TimeoutSeconds 60 -Because "gizmos.$group is served" { (Invoke-Kubectl get "gizmos.$group" -n $Ns).ExitCode -eq 0 }
            New-KubectlObject @{ apiVersion = "$group/v1"; kind = 'Gizmo'; metadata = @{ name = 'g1'; namespace = $Ns }; spec = @{ replicas = 1 } }
            (Set-KubeScale -Kind "gizmos.$group" -Name g1 -Namespace $Ns -Replicas 4).Spec.Replicas | Should -Be 4
            Get-Replicas "gizmos.$group" g1 | Should -Be '4'
        }
        finally {
            $null = Invoke-Kubectl delete crd "gizmos.$group" --wait=false
        }
    }

    It '-WhatIf and -DryRun change nothing' {
        New-TestWorkload -Namespace $Ns -Name careful -Replicas 1
        @(Set-KubeScale deploy careful -Namespace $Ns -Replicas 9 -WhatIf).Count | Should -Be 0
        (Set-KubeScale deploy careful -Namespace $Ns -Replicas 9 -DryRun).Spec.Replicas | Should -Be 9
        Get-Replicas deployment careful | Should -Be '1'
    }

    It 'a kind the server does not serve ends the command with UnknownKind; a missing object is a NotFound error' {
        { Set-KubeScale -Kind nosuchkind -Name x -Namespace $Ns -Replicas 1 -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownKind,Kube.PowerShell.Cmdlets.Rollouts.SetKubeScaleCommand'
        Set-KubeScale deploy missing, careful -Namespace $Ns -Replicas 1 -ErrorVariable errors -ErrorAction SilentlyContinue | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'NotFound,*'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
