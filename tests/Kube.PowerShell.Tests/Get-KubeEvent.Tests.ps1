# Get-KubeEvent against the local control plane: events made with kubectl (through core/v1 and
# events.k8s.io/v1) about objects of a namespace of its own, read back and compared with kubectl.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'events'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    $null = Invoke-Kubectl -n $Ns create configmap first --from-literal=a=1
    $null = Invoke-Kubectl -n $Ns create configmap second --from-literal=a=1
    $script:First = Get-KubectlJson -n $Ns configmap first
    $script:Second = Get-KubectlJson -n $Ns configmap second

    function script:Time([int] $MinutesAgo) { [DateTime]::UtcNow.AddMinutes(-$MinutesAgo).ToString('yyyy-MM-ddTHH:mm:ssZ') }
    function script:MicroTime([int] $MinutesAgo) { [DateTime]::UtcNow.AddMinutes(-$MinutesAgo).ToString('yyyy-MM-ddTHH:mm:ss.ffffffZ') }

    # An event written through core/v1, about $About (a kubectl JSON tree), last seen $MinutesAgo minutes ago.
    function script:New-CoreEvent([string] $Name, $About, [int] $MinutesAgo, [string] $Type = 'Normal', [string] $Reason = 'Tested', [string] $Namespace = $Ns, [string] $Uid) {
        New-KubectlObject @{
            apiVersion = 'v1'; kind = 'Event'
            metadata = @{ name = $Name; namespace = $Namespace }
            involvedObject = @{ apiVersion = 'v1'; kind = $About.kind; name = $About.metadata.name; namespace = $About.metadata.namespace; uid = $(if ($Uid) { $Uid } else { $About.metadata.uid }) }
            type = $Type; reason = $Reason; message = "core event $Name"; count = 1
            firstTimestamp = (Time ($MinutesAgo + 1)); lastTimestamp = (Time $MinutesAgo)
            source = @{ component = 'pester' }
        }
    }

    # An event written through events.k8s.io/v1: no lastTimestamp, a series last observed $MinutesAgo minutes ago.
    function script:New-NewStyleEvent([string] $Name, $About, [int] $MinutesAgo) {
        New-KubectlObject @{
            apiVersion = 'events.k8s.io/v1'; kind = 'Event'
            metadata = @{ name = $Name; namespace = $Ns }
            regarding = @{ apiVersion = 'v1'; kind = $About.kind; name = $About.metadata.name; namespace = $About.metadata.namespace; uid = $About.metadata.uid }
            type = 'Normal'; reason = 'Observed'; note = "new-style event $Name"; action = 'Observe'
            eventTime = (MicroTime ($MinutesAgo + 30)); series = @{ count = 3; lastObservedTime = (MicroTime $MinutesAgo) }
            reportingController = 'kubeps.test/pester'; reportingInstance = 'pester-1'
        }
    }

    New-CoreEvent 'first.a' $First 10
    New-NewStyleEvent 'first.b' $First 5
    New-CoreEvent 'first.c' $First 1 -Type Warning -Reason Failed
    New-CoreEvent 'second.a' $Second 7
    # About an earlier object of the same name: another uid, so not about 'first'.
    New-CoreEvent 'first.old' $First 3 -Uid '00000000-0000-0000-0000-000000000000'
}

AfterAll {
    Remove-TestNamespace $Ns
}

Describe 'Get-KubeEvent' -Tag 'Cmdlet', 'Get-KubeEvent' {
    It 'gets the events about piped objects by uid, oldest first by the time last seen, whichever API wrote them' {
        $events = @(Get-KubeResource cm first -Namespace $Ns | Get-KubeEvent)
        $events | ForEach-Object { $_ | Should -BeOfType ([Kube.Client.Models.CoreV1.Event]) }
        @($events.Metadata.Name) | Should -Be @('first.a', 'first.b', 'first.c')
        $events[1].Message | Should -Be 'new-style event first.b'
        $kubectl = (Get-KubectlJson -n $Ns events --field-selector "involvedObject.uid=$($First.metadata.uid)").items
        @($kubectl.metadata.name | Sort-Object) | Should -Be @($events.Metadata.Name | Sort-Object)
    }

    It 'the events of several piped objects come out together' {
        @(Get-KubeResource cm -Namespace $Ns | Where-Object Name -In 'first', 'second' | Get-KubeEvent).Metadata.Name | Should -Be @('first.a', 'second.a', 'first.b', 'first.c')
    }

    It 'gets the events of a namespace, sorted, as kubectl get events lists them' {
        $events = @(Get-KubeEvent -Namespace $Ns | Where-Object { $_.Source.Component -eq 'pester' -or $_.ReportingComponent -eq 'kubeps.test/pester' })
        @($events.Metadata.Name) | Should -Be @('first.a', 'second.a', 'first.b', 'first.old', 'first.c')
        $kubectl = (Get-KubectlJson -n $Ns events).items.metadata.name
        foreach ($e in $events) { $kubectl | Should -Contain $e.Metadata.Name }
        @(Get-KubeEvent -AllNamespaces -FieldSelector "involvedObject.namespace=$Ns,source=pester").Count | Should -Be 4
    }

    It 'reads through events.k8s.io/v1 when asked' {
        $events = @(Get-KubeResource cm first -Namespace $Ns | Get-KubeEvent -ApiVersion events.k8s.io/v1)
        $events | ForEach-Object { $_ | Should -BeOfType ([Kube.Client.Models.EventsV1.Event]) }
        @($events.Metadata.Name) | Should -Be @('first.a', 'first.b', 'first.c')
        $events[0].Note | Should -Be 'core event first.a'
        $events[1].ReportingController | Should -Be 'kubeps.test/pester'
    }

    It '-Type keeps the events of a type' {
        @(Get-KubeResource cm first -Namespace $Ns | Get-KubeEvent -Type Warning).Metadata.Name | Should -Be @('first.c')
        @(Get-KubeResource cm first -Namespace $Ns | Get-KubeEvent -Type Warning, Normal).Count | Should -Be 3
    }

    It 'finds the events of a cluster-scoped object in any namespace' {
        $namespaceObject = Get-KubectlJson namespace $Ns
        New-CoreEvent "$Ns.pester" $namespaceObject 2 -Namespace default
        try {
            @(Get-KubeNamespace $Ns | Get-KubeEvent).Metadata.Name | Should -Be @("$Ns.pester")
        }
        finally {
            $null = Invoke-Kubectl -n default delete event "$Ns.pester"
        }
    }

    It '-Watch writes the events there are, then new ones as they come, until -Timeout' {
        $job = Start-ThreadJob -ArgumentList $ClusterKubeconfig, $Ns, $Second.metadata.uid {
            param($kc, $ns, $uid)
            Start-Sleep -Seconds 3
            $event = @{
                apiVersion = 'v1'; kind = 'Event'; metadata = @{ name = 'second.live'; namespace = $ns }
                involvedObject = @{ apiVersion = 'v1'; kind = 'ConfigMap'; name = 'second'; namespace = $ns; uid = $uid }
                type = 'Normal'; reason = 'Live'; message = 'happened during the watch'; count = 1; source = @{ component = 'pester' }
                firstTimestamp = [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ'); lastTimestamp = [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ')
            } | ConvertTo-Json -Depth 10
            $event | & kubectl --kubeconfig $kc create -f - 2>&1 | Out-String
        }
        try {
            $events = @(Get-KubeResource cm second -Namespace $Ns | Get-KubeEvent -Watch -Timeout 15)
        }
        finally { $job | Wait-Job | Receive-Job | Out-Null; $job | Remove-Job }
        @($events.Metadata.Name) | Should -Be @('second.a', 'second.live')
        $events[1].Reason | Should -Be 'Live'
    }

    It 'an object never read from the server is an ObjectWithoutUid error; -Timeout needs -Watch' {
        $local = [Kube.Client.Models.CoreV1.ConfigMap]@{ Metadata = [Kube.Client.Models.MetaV1.ObjectMeta]@{ Name = 'first'; Namespace = $Ns } }
        @($local | Get-KubeEvent -ErrorVariable errors -ErrorAction SilentlyContinue).Count | Should -Be 0
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ObjectWithoutUid,*'
        { Get-KubeEvent -Namespace $Ns -Timeout 5 } | Should -Throw -ErrorId 'TimeoutWithoutWatch,Kube.PowerShell.Cmdlets.Events.GetKubeEventCommand'
        'not an object' | Get-KubeEvent -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'NotAKubernetesObject,*'
    }
}
