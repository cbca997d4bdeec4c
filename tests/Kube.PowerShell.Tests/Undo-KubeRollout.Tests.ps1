# Undo-KubeRollout against the local control plane, compared with kubectl (rollout history, get).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'undo'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    function script:Get-Image([string] $Kind, [string] $Name) {
        (Invoke-Kubectl -n $Ns get $Kind $Name -o 'jsonpath={.spec.template.spec.containers[0].image}').Output
    }
}

AfterAll {
    Remove-TestNamespace $Ns
}

Describe 'Undo-KubeRollout' -Tag 'Cmdlet', 'Undo-KubeRollout' {
    BeforeAll {
        New-TestWorkload -Namespace $Ns -Name web -Image 'busybox:v1' -Annotations @{ 'kubernetes.io/change-cause' = 'v1' }
        Wait-DeploymentRevision $Ns web 1
        Set-TestWorkloadImage $Ns deployment/web 'busybox:v2' -ChangeCause 'v2'
        Wait-DeploymentRevision $Ns web 2
        Get-KubectlRolloutHistory $Ns deployment/web | Should -Be @('1 v1', '2 v2')
    }

    It 'rolls a Deployment back to the previous revision, which comes back under a new number as with kubectl' {
        $deployment = Undo-KubeRollout deploy web -Namespace $Ns
        $deployment | Should -BeOfType ([Kube.Client.Models.AppsV1.Deployment])
        $deployment.Spec.Template.Spec.Containers[0].Image | Should -Be 'busybox:v1'
        Get-Image deployment web | Should -Be 'busybox:v1'
        Wait-DeploymentRevision $Ns web 3
        Get-KubectlRolloutHistory $Ns deployment/web | Should -Be @('2 v2', '3 v1')
        (Invoke-Kubectl -n $Ns get deployment web -o 'jsonpath={.metadata.annotations.kubernetes\.io/change-cause}').Output | Should -Be 'v1'
    }

    It '-ToRevision restores that revision' {
        Undo-KubeRollout deploy web -Namespace $Ns -ToRevision 2 | Out-Null
        Get-Image deployment web | Should -Be 'busybox:v2'
        Wait-DeploymentRevision $Ns web 4
        Get-KubectlRolloutHistory $Ns deployment/web | Should -Be @('3 v1', '4 v2')
    }

    It 'a Deployment already at the revision is left alone with a warning' {
        $out = @(Undo-KubeRollout deploy web -Namespace $Ns -ToRevision 4 -WarningVariable warnings -WarningAction SilentlyContinue)
        $out.Count | Should -Be 1
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'already runs the template of revision 4'
        Get-KubectlRolloutHistory $Ns deployment/web | Should -Be @('3 v1', '4 v2')
    }

    It 'a revision not kept is a RevisionNotFound error, as kubectl refuses it' {
        $out = @(Undo-KubeRollout deploy web -Namespace $Ns -ToRevision 1 -ErrorVariable errors -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'RevisionNotFound,*'
        "$($errors[0])" | Should -Match 'revisions kept: 3, 4'
        (Invoke-Kubectl -n $Ns rollout undo deployment/web --to-revision=1).ExitCode | Should -Not -Be 0
        Get-Image deployment web | Should -Be 'busybox:v2'
    }

    It '-WhatIf and -DryRun leave the Deployment as it is' {
        @(Undo-KubeRollout deploy web -Namespace $Ns -WhatIf).Count | Should -Be 0
        (Undo-KubeRollout deploy web -Namespace $Ns -DryRun).Spec.Template.Spec.Containers[0].Image | Should -Be 'busybox:v1'
        Get-Image deployment web | Should -Be 'busybox:v2'
    }

    It 'rolls back a StatefulSet and a DaemonSet piped in' {
        New-TestWorkload -Kind StatefulSet -Namespace $Ns -Name db -Image 'busybox:v1'
        New-TestWorkload -Kind DaemonSet -Namespace $Ns -Name agent -Image 'busybox:v1'
        Wait-Until -Because 'the first revisions' { @(Get-KubeRolloutHistory sts db -Namespace $Ns).Count -eq 1 -and @(Get-KubeRolloutHistory ds agent -Namespace $Ns).Count -eq 1 }
        $null = Invoke-Kubectl -n $Ns set image statefulset/db 'main=busybox:v2'
        $null = Invoke-Kubectl -n $Ns set image daemonset/agent 'main=busybox:v2'
        Wait-Until -Because 'the second revisions' { @(Get-KubeRolloutHistory sts db -Namespace $Ns).Count -eq 2 -and @(Get-KubeRolloutHistory ds agent -Namespace $Ns).Count -eq 2 }

        $out = @(@(Get-KubeResource sts db -Namespace $Ns) + @(Get-KubeResource ds agent -Namespace $Ns) | Undo-KubeRollout)

        $out.Count | Should -Be 2
        Get-Image statefulset db | Should -Be 'busybox:v1'
        Get-Image daemonset agent | Should -Be 'busybox:v1'
    }

    It 'a paused Deployment is a RolloutPaused error' {
        New-TestWorkload -Namespace $Ns -Name paused -Image 'busybox:v1'
        Wait-DeploymentRevision $Ns paused 1
        $null = Invoke-Kubectl -n $Ns set image deployment/paused 'main=busybox:v2'
        Wait-DeploymentRevision $Ns paused 2
        $null = Invoke-Kubectl -n $Ns rollout pause deployment/paused
        Undo-KubeRollout deploy paused -Namespace $Ns -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'Paused,*'
        Get-Image deployment paused | Should -Be 'busybox:v2'
    }
}
