# Wait-KubeResource against the local control plane. The pods stay off the node ($NoScheduler):
# tests set their status through the status subresource, as a kubelet would, from a thread job
# while the wait is on.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'wait'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    Wait-NamespaceReady $Ns

    # Runs kubectl with these arguments in a thread job after a pause (the wait is usually on by then;
    # if not, it finds the condition met at once, which is fine too).
    function script:Start-KubectlLater([string[]] $Arguments) {
        Start-ThreadJob -ArgumentList $ClusterKubeconfig, $Arguments {
            param($kc, $arguments)
            Start-Sleep -Seconds 2
            & kubectl --kubeconfig $kc @arguments 2>&1 | Out-String
        }
    }
}

AfterAll {
    Remove-TestNamespace $Ns
}

Describe 'Wait-KubeResource' -Tag 'Cmdlet', 'Wait-KubeResource' {
    It 'waits for a pod condition set through the status subresource and writes the pod' {
        New-TestPod -Namespace $Ns -Name 'cond'
        $job = Start-KubectlLater @('-n', $Ns, 'patch', 'pod', 'cond', '--subresource=status', '--type=merge', '-p', '{"status":{"conditions":[{"type":"Ready","status":"True"}]}}')
        try {
            $pod = Wait-KubeResource -Kind Pod -Name cond -Namespace $Ns -Condition 'Ready=True' -Timeout 60
        }
        finally { $job | Wait-Job | Remove-Job }
        $pod | Should -BeOfType ([Kube.Client.Models.CoreV1.Pod])
        ($pod.Status.Conditions | Where-Object Type -EQ 'Ready').Status | Should -Be 'True'
        (Invoke-Kubectl -n $Ns get pod cond -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}').Output | Should -Be 'True'
    }

    It 'waits for a JSONPath value (a pod phase) and accepts piped objects' {
        New-TestPod -Namespace $Ns -Name 'phase'
        $job = Start-KubectlLater @('-n', $Ns, 'patch', 'pod', 'phase', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Running"}}')
        try {
            $pod = Get-KubePod phase -Namespace $Ns | Wait-KubeResource -JsonPath '{.status.phase}' -Value Running -Timeout 60
        }
        finally { $job | Wait-Job | Remove-Job }
        $pod.Status.Phase | Should -Be 'Running'
        (Invoke-Kubectl -n $Ns get pod phase -o 'jsonpath={.status.phase}').Output | Should -Be 'Running'
    }

    It 'waits for a Deployment to become Available (the deployment controller sets it)' {
        New-KubectlObject @{
            apiVersion = 'apps/v1'; kind = 'Deployment'
            metadata = @{ name = 'web'; namespace = $Ns }
            spec = @{ replicas = 0; selector = @{ matchLabels = @{ app = 'web' } }
                template = @{ metadata = @{ labels = @{ app = 'web' } }; spec = @{ schedulerName = $NoScheduler; containers = @(@{ name = 'main'; image = 'busybox:1.36' }) } } }
        }
        $deployment = Wait-KubeResource deploy web -Namespace $Ns -Condition Available -Timeout 60
        $deployment | Should -BeOfType ([Kube.Client.Models.AppsV1.Deployment])
        (Invoke-Kubectl -n $Ns get deployment web -o 'jsonpath={.status.conditions[?(@.type=="Available")].status}').Output | Should -Be 'True'
    }

    It '-Deleted waits until the object is gone and writes nothing' {
        $null = Invoke-Kubectl -n $Ns create configmap doomed --from-literal=a=1
        $job = Start-KubectlLater @('-n', $Ns, 'delete', 'configmap', 'doomed')
        try {
            $out = @(Wait-KubeResource ConfigMap doomed -Namespace $Ns -Deleted -Timeout 60)
        }
        finally { $job | Wait-Job | Remove-Job }
        $out.Count | Should -Be 0
        (Invoke-Kubectl -n $Ns get configmap doomed).Output | Should -Match 'NotFound'
    }

    It '-Deleted is met at once for an object that does not exist' {
        @(Wait-KubeResource ConfigMap never-was -Namespace $Ns -Deleted -Timeout 10 -ErrorVariable errors).Count | Should -Be 0
        $errors.Count | Should -Be 0
    }

    It 'a wait right after a change judges the changed object, not the older state the shared informer still holds' {
        $null = Invoke-Kubectl -n $Ns create configmap flip --from-literal=v=a
        # The context's informer of flip now holds v=a and is kept warm for the next command.
        (Wait-KubeResource ConfigMap flip -Namespace $Ns -JsonPath '{.data.v}' -Value a -Timeout 30).Data['v'] | Should -Be 'a'
        foreach ($i in 1..5) {
            $null = Update-KubeResource ConfigMap flip -Namespace $Ns -Patch @{ data = @{ v = "b$i" } } -Confirm:$false
            # Right after the patch the informer may not have seen it yet; v=a was true then, and is not now.
            $out = @(Wait-KubeResource ConfigMap flip -Namespace $Ns -JsonPath '{.data.v}' -Value a -Timeout 1 -ErrorVariable errors -ErrorAction SilentlyContinue)
            $out.Count | Should -Be 0 -Because "round ${i}: the server holds v=b$i"
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
            $null = Update-KubeResource ConfigMap flip -Namespace $Ns -Patch @{ data = @{ v = 'a' } } -Confirm:$false
            (Wait-KubeResource ConfigMap flip -Namespace $Ns -JsonPath '{.data.v}' -Value a -Timeout 30).Data['v'] | Should -Be 'a'
        }
    }

    It 'a timeout is an OperationTimeout error that says what was last seen, and the next name is still waited for' {
        New-TestPod -Namespace $Ns -Name 'stuck'
        $null = Invoke-Kubectl -n $Ns create configmap present --from-literal=a=1
        $out = @(Wait-KubeResource Pod stuck -Namespace $Ns -JsonPath '{.status.phase}' -Value Running -Timeout 2 -ErrorVariable errors -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
        $errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $errors[0].Exception.Message | Should -Match "Pod $Ns/stuck"
        $errors[0].Exception.Message | Should -Match "last seen: \{\.status\.phase\} is 'Pending'"
        $errors[0].TargetObject | Should -Be "$Ns/stuck"

        $out = @(Wait-KubeResource Pod stuck, cond -Namespace $Ns -Condition Ready -Timeout 2 -ErrorVariable errors2 -ErrorAction SilentlyContinue)
        $errors2.Count | Should -Be 1
        $errors2[0].Exception.Message | Should -Match 'last seen: no Ready condition'
        $out.Count | Should -Be 1
        $out[0].Metadata.Name | Should -Be 'cond'
    }

    It 'a missing object times out saying it is absent' {
        Wait-KubeResource ConfigMap missing -Namespace $Ns -Condition Ready -Timeout 2 -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].Exception.Message | Should -Match 'last seen: absent'
    }

    It 'refuses <Case>' -TestCases @(
        @{ Case = 'no condition'; Arguments = @{}; ErrorId = 'WaitConditionRequired' }
        @{ Case = 'two conditions'; Arguments = @{ Condition = 'Ready'; Deleted = $true }; ErrorId = 'WaitConditionRequired' }
        @{ Case = '-Value without -JsonPath'; Arguments = @{ Condition = 'Ready'; Value = 'x' }; ErrorId = 'ValueWithoutJsonPath' }
        @{ Case = 'a bad JSONPath'; Arguments = @{ JsonPath = '{.status[' }; ErrorId = 'InvalidJsonPath' }
        @{ Case = 'a bad condition'; Arguments = @{ Condition = '=True' }; ErrorId = 'InvalidCondition' }
    ) {
        param($Case, $Arguments, $ErrorId)
        { Wait-KubeResource ConfigMap x -Namespace $Ns @Arguments -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,*"
    }
}
