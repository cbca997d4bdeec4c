# Restart-KubeRollout against the local control plane, compared with kubectl's view. The workloads'
# pods never run (New-TestWorkload): a restart is a template change that the controllers number.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'restart'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    $script:Stamp = 'jsonpath={.spec.template.metadata.annotations.kubectl\.kubernetes\.io/restartedAt}'
}

AfterAll {
    Remove-TestNamespace $Ns
}

Describe 'Restart-KubeRollout' -Tag 'Cmdlet', 'Restart-KubeRollout' {
    It 'stamps a Deployment''s pod template with restartedAt, as kubectl sees it, and a new revision follows' {
        New-TestWorkload -Namespace $Ns -Name web
        Wait-DeploymentRevision $Ns web 1
        $before = [DateTimeOffset]::UtcNow.AddSeconds(-1)

        $deployment = Restart-KubeRollout deploy web -Namespace $Ns

        $deployment | Should -BeOfType ([Kube.Client.Models.AppsV1.Deployment])
        $restartedAt = $deployment.Spec.Template.Metadata.Annotations['kubectl.kubernetes.io/restartedAt']
        $restartedAt | Should -Be (Invoke-Kubectl -n $Ns get deployment web -o $Stamp).Output
        [DateTimeOffset]::Parse($restartedAt, [cultureinfo]::InvariantCulture) | Should -BeGreaterOrEqual $before.AddSeconds(-1)
        Wait-DeploymentRevision $Ns web 2
        Get-KubectlRolloutHistory $Ns deployment/web | Should -Be @('1 <none>', '2 <none>')
    }

    It 'restarts StatefulSets and DaemonSets piped in' {
        New-TestWorkload -Kind StatefulSet -Namespace $Ns -Name db
        New-TestWorkload -Kind DaemonSet -Namespace $Ns -Name agent
        $out = @(@(Get-KubeResource sts db -Namespace $Ns) + @(Get-KubeResource ds agent -Namespace $Ns) | Restart-KubeRollout)
        $out.Count | Should -Be 2
        $out[0] | Should -BeOfType ([Kube.Client.Models.AppsV1.StatefulSet])
        $out[1] | Should -BeOfType ([Kube.Client.Models.AppsV1.DaemonSet])
        (Invoke-Kubectl -n $Ns get statefulset db -o $Stamp).Output | Should -Not -BeNullOrEmpty
        (Invoke-Kubectl -n $Ns get daemonset agent -o $Stamp).Output | Should -Not -BeNullOrEmpty
    }

    It 'a paused Deployment is a RolloutPaused error and is left as it is, as kubectl refuses it' {
        New-TestWorkload -Namespace $Ns -Name paused -Spec @{ paused = $true }
        $out = @(Restart-KubeRollout deploy paused -Namespace $Ns -ErrorVariable errors -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'Paused,*'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        "$($errors[0])" | Should -Match 'paused'
        (Invoke-Kubectl -n $Ns get deployment paused -o $Stamp).Output | Should -BeNullOrEmpty
        (Invoke-Kubectl -n $Ns rollout restart deployment/paused).ExitCode | Should -Not -Be 0
    }

    It 'a kind without a rollout ends the command for -Kind, and fails only that object when piped' {
        { Restart-KubeRollout cm kube-root-ca.crt -Namespace $Ns -ErrorAction Stop } | Should -Throw -ErrorId 'RolloutNotSupported,Kube.PowerShell.Cmdlets.Rollouts.RestartKubeRolloutCommand'
        $objects = @(Get-KubeResource cm kube-root-ca.crt -Namespace $Ns) + @(Get-KubeResource deploy web -Namespace $Ns)
        $out = @($objects | Restart-KubeRollout -ErrorVariable errors -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $errors.Count | Should -Be 1
        "$($errors[0])" | Should -Match 'ConfigMap/kube-root-ca.crt'
        "$($errors[0])" | Should -Match 'only Deployments, StatefulSets and DaemonSets'
    }

    It '-WhatIf and -DryRun leave the template as it is' {
        New-TestWorkload -Namespace $Ns -Name careful
        @(Restart-KubeRollout deploy careful -Namespace $Ns -WhatIf).Count | Should -Be 0
        (Restart-KubeRollout deploy careful -Namespace $Ns -DryRun).Spec.Template.Metadata.Annotations['kubectl.kubernetes.io/restartedAt'] | Should -Not -BeNullOrEmpty
        (Invoke-Kubectl -n $Ns get deployment careful -o $Stamp).Output | Should -BeNullOrEmpty
    }
}
