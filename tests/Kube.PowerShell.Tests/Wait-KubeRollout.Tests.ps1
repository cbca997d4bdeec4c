# Wait-KubeRollout against the local control plane, compared with kubectl rollout status. These
# workloads' pods never run (New-TestWorkload): a rollout of zero replicas completes, one of more stalls.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'waitroll'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
}

AfterAll {
    Remove-TestNamespace $Ns
}

Describe 'Wait-KubeRollout' -Tag 'Cmdlet', 'Wait-KubeRollout' {
    It 'writes the Deployment once its rollout is complete, when kubectl rollout status says so too' {
        New-TestWorkload -Namespace $Ns -Name done -Replicas 0
        $deployment = Wait-KubeRollout deploy done -Namespace $Ns -Timeout 60 -Verbose 4>&1 | Tee-Object -Variable all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $deployment | Should -BeOfType ([Kube.Client.Models.AppsV1.Deployment])
        $deployment.Status.ObservedGeneration | Should -Be $deployment.Metadata.Generation
        @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'rolled out' }).Count | Should -Be 1
        $kubectl = Invoke-Kubectl -n $Ns rollout status deployment/done --timeout=30s
        $kubectl.ExitCode | Should -Be 0
        $kubectl.Output | Should -Match 'successfully rolled out'
    }

    It 'a Deployment past its progress deadline is a ProgressDeadlineExceeded error naming the condition, as kubectl reports it' {
        New-TestWorkload -Namespace $Ns -Name stalled -Replicas 1 -Spec @{ progressDeadlineSeconds = 1 }
        $out = @(Wait-KubeRollout deploy stalled -Namespace $Ns -Timeout 120 -ErrorVariable errors -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ProgressDeadlineExceeded,*'
        $errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        "$($errors[0])" | Should -Match 'Progressing=False \(ProgressDeadlineExceeded\)'
        "$($errors[0])" | Should -Match 'Deployment/stalled|Deployment stalled'
        $errors[0].Exception.Condition.Reason | Should -Be 'ProgressDeadlineExceeded'
        $kubectl = Invoke-Kubectl -n $Ns rollout status deployment/stalled --timeout=30s
        $kubectl.ExitCode | Should -Not -Be 0
        $kubectl.Output | Should -Match 'exceeded its progress deadline'
    }

    It 'a timeout is a RolloutWaitTimeout error with what was last seen, and the next object is still waited for' {
        New-TestWorkload -Namespace $Ns -Name slow -Replicas 2
        New-TestWorkload -Namespace $Ns -Name quick -Replicas 0
        $out = @(Wait-KubeRollout deploy slow, quick -Namespace $Ns -Timeout 10 -ErrorVariable errors -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $out[0].Metadata.Name | Should -Be 'quick'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'RolloutWaitTimeout,*'
        "$($errors[0])" | Should -Match 'last seen: Deployment slow: \d of 2'
        (Invoke-Kubectl -n $Ns rollout status deployment/slow --timeout=2s).ExitCode | Should -Not -Be 0
    }

    It 'takes objects from the pipeline, such as Restart-KubeRollout writes' {
        New-TestWorkload -Namespace $Ns -Name piped -Replicas 0
        Wait-DeploymentRevision $Ns piped 1
        $deployment = Restart-KubeRollout deploy piped -Namespace $Ns | Wait-KubeRollout -Timeout 60
        $deployment.Spec.Template.Metadata.Annotations['kubectl.kubernetes.io/restartedAt'] | Should -Not -BeNullOrEmpty
        $deployment.Status.ObservedGeneration | Should -Be $deployment.Metadata.Generation
    }

    It 'a missing object is a Deleted error; a StatefulSet updated OnDelete has no rollout to follow' {
        New-TestWorkload -Kind StatefulSet -Namespace $Ns -Name ondelete -Spec @{ updateStrategy = @{ type = 'OnDelete' } }
        $out = @(Wait-KubeRollout sts missing, ondelete -Namespace $Ns -Timeout 30 -ErrorVariable errors -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errors.Count | Should -Be 2
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'Deleted,*'
        "$($errors[0])" | Should -Match 'does not exist'
        $errors[1].FullyQualifiedErrorId | Should -BeLike 'StrategyNotRollingUpdate,*'
        (Invoke-Kubectl -n $Ns rollout status statefulset/ondelete --timeout=5s).ExitCode | Should -Not -Be 0
    }

    It '-Revision must be the Deployment''s revision' {
        New-TestWorkload -Namespace $Ns -Name revised -Replicas 0
        Wait-DeploymentRevision $Ns revised 1
        Set-TestWorkloadImage $Ns deployment/revised 'busybox:v2'
        Wait-DeploymentRevision $Ns revised 2
        (Wait-KubeRollout deploy revised -Namespace $Ns -Revision 2 -Timeout 30).Metadata.Name | Should -Be 'revised'
        Wait-KubeRollout deploy revised -Namespace $Ns -Revision 1 -Timeout 30 -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'RevisionChanged,*'
        (Invoke-Kubectl -n $Ns rollout status deployment/revised --revision=1 --timeout=5s).ExitCode | Should -Not -Be 0
    }

    It 'a bad -Timeout is refused before anything is done' {
        { Wait-KubeRollout deploy anything -Namespace $Ns -Timeout 0 } | Should -Throw -ErrorId 'InvalidTimeout,Kube.PowerShell.Cmdlets.Rollouts.WaitKubeRolloutCommand'
    }

    Context 'on the node' {
        # Pods that really run (the node's busybox image, never pulled): scale, restart, wait and undo
        # a Deployment, each result compared with kubectl.
        It 'a Deployment is scaled, restarted, waited for and undone, as kubectl sees it' {
            New-TestWorkload -Namespace $Ns -Name live -Replicas 1 -Run
            $ready = { (Invoke-Kubectl -n $Ns get deployment live -o 'jsonpath={.status.readyReplicas}/{.spec.replicas}').Output }

            $first = Wait-KubeRollout deploy live -Namespace $Ns -Timeout 120
            $first.Status.AvailableReplicas | Should -Be 1
            (Invoke-Kubectl -n $Ns rollout status deployment/live --timeout=10s).ExitCode | Should -Be 0

            (Set-KubeScale deploy live -Namespace $Ns -Replicas 2).Spec.Replicas | Should -Be 2
            $scaled = Wait-KubeRollout deploy live -Namespace $Ns -Timeout 120
            $scaled.Status.AvailableReplicas | Should -Be 2
            & $ready | Should -Be '2/2'

            $podsBefore = @((Get-KubectlJson -n $Ns pods -l app=live).items.metadata.name)
            $restarted = Restart-KubeRollout deploy live -Namespace $Ns | Wait-KubeRollout -Timeout 180
            $restarted.Status.UpdatedReplicas | Should -Be 2
            $restarted.Status.AvailableReplicas | Should -Be 2
            (Invoke-Kubectl -n $Ns rollout status deployment/live --timeout=10s).Output | Should -Match 'successfully rolled out'
            # Every pod of before is replaced: gone, or on its way out (the kubelet confirms in its own time).
            @((Get-KubectlJson -n $Ns pods -l app=live).items | Where-Object { $_.metadata.name -in $podsBefore -and -not $_.metadata.deletionTimestamp }).Count | Should -Be 0
            Get-KubectlRolloutHistory $Ns deployment/live | Should -Be @('1 <none>', '2 <none>')

            $undone = Undo-KubeRollout deploy live -Namespace $Ns | Wait-KubeRollout -Timeout 180
            $undone.Spec.Template.Metadata.Annotations | Should -BeNullOrEmpty
            (Invoke-Kubectl -n $Ns get deployment live -o 'jsonpath={.spec.template.metadata.annotations}').Output | Should -BeNullOrEmpty
            Get-KubectlRolloutHistory $Ns deployment/live | Should -Be @('2 <none>', '3 <none>')
            & $ready | Should -Be '2/2'
            @(Get-KubeRolloutHistory deploy live -Namespace $Ns).Revision | Should -Be @(2, 3)
        }

        It 'a Deployment whose pods cannot start stalls past its deadline, as kubectl reports it' {
            New-TestWorkload -Namespace $Ns -Name broken -Replicas 1 -Run -Image 'localhost/no-such-image:dev' -Spec @{ progressDeadlineSeconds = 10 }
            Wait-KubeRollout deploy broken -Namespace $Ns -Timeout 120 -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ProgressDeadlineExceeded,*'
            "$($errors[0])" | Should -Match 'has timed out progressing'
            (Invoke-Kubectl -n $Ns rollout status deployment/broken --timeout=10s).Output | Should -Match 'exceeded its progress deadline'
            @(Get-KubePod -Namespace $Ns -LabelSelector app=broken | Get-KubeEvent -Type Warning).Reason | Should -Contain 'ErrImageNeverPull'
        }
    }
}
