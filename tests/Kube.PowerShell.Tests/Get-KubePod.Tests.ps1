# Get-KubePod against the local control plane, cross-checked with kubectl. The pods stay off the
# node ($NoScheduler): the tests set pod status through the status subresource, as a kubelet would.

BeforeDiscovery {
    $script:ViewCases = @(
        @{ Pod = 'pending'; Ready = '0/1'; Status = 'Pending'; Restarts = '0' }
        @{ Pod = 'running'; Ready = '1/1'; Status = 'Running'; Restarts = '3' }
        @{ Pod = 'crashing'; Ready = '0/1'; Status = 'CrashLoopBackOff'; Restarts = '5' }
        @{ Pod = 'completed'; Ready = '0/1'; Status = 'Completed'; Restarts = '0' }
        @{ Pod = 'initializing'; Ready = '0/1'; Status = 'Init:0/1'; Restarts = '0' }
        @{ Pod = 'half-ready'; Ready = '1/2'; Status = 'Running'; Restarts = '1' }
        @{ Pod = 'terminating'; Ready = '1/1'; Status = 'Terminating'; Restarts = '0' }
    )
    $script:SelectorCases = @(
        @{ Kind = 'label equality'; Label = 'app=web'; Field = $null }
        @{ Kind = 'label set'; Label = 'app in (web,db),tier!=front'; Field = $null }
        @{ Kind = 'label existence'; Label = '!tier'; Field = $null }
        @{ Kind = 'field'; Label = $null; Field = 'metadata.name=db-1' }
        @{ Kind = 'field on status'; Label = $null; Field = 'status.phase=Running' }
        @{ Kind = 'label and field'; Label = 'app=web'; Field = 'status.phase!=Running' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:RunLabel = 'pester-run=' + [guid]::NewGuid().ToString('n').Substring(0, 8)
    $script:Ns = New-TestName 'pods'
    $script:Ns2 = New-TestName 'pods2'
    $script:ViewNs = New-TestName 'podview'
    foreach ($n in $Ns, $Ns2, $ViewNs) {
        (Invoke-Kubectl create namespace $n).ExitCode | Should -Be 0
        $null = Invoke-Kubectl label namespace $n $RunLabel
    }
    foreach ($n in $Ns, $Ns2, $ViewNs) { Wait-NamespaceReady $n }

    $run = @{ ($RunLabel -split '=')[0] = ($RunLabel -split '=')[1] }
    foreach ($i in 1..3) { New-TestPod -Namespace $Ns -Name "web-$i" -Labels ($run + @{ app = 'web'; tier = 'front' }) }
    New-TestPod -Namespace $Ns -Name 'db-1' -Labels ($run + @{ app = 'db' })
    New-TestPod -Namespace $Ns -Name 'cache-1' -Labels ($run + @{ app = 'cache'; tier = 'back' })
    New-TestPod -Namespace $Ns2 -Name 'web-1' -Labels ($run + @{ app = 'web' })
    Set-TestPodStatus $Ns 'web-1' @{ phase = 'Running'; containerStatuses = @(New-ContainerStatus 'main' $true) }
    Set-TestPodStatus $Ns 'db-1' @{ phase = 'Running'; containerStatuses = @(New-ContainerStatus 'main' $true) }

    # The format view's cases.
    New-TestPod -Namespace $ViewNs -Name 'pending'
    New-TestPod -Namespace $ViewNs -Name 'running'
    Set-TestPodStatus $ViewNs 'running' @{ phase = 'Running'; containerStatuses = @(New-ContainerStatus 'main' $true 3) }
    New-TestPod -Namespace $ViewNs -Name 'crashing'
    Set-TestPodStatus $ViewNs 'crashing' @{ phase = 'Running'; containerStatuses = @(New-ContainerStatus 'main' $false 5 'waiting:CrashLoopBackOff') }
    New-TestPod -Namespace $ViewNs -Name 'completed'
    Set-TestPodStatus $ViewNs 'completed' @{ phase = 'Succeeded'; containerStatuses = @(New-ContainerStatus 'main' $false 0 'terminated:Completed:0') }
    New-TestPod -Namespace $ViewNs -Name 'initializing' -InitContainers 'setup'
    Set-TestPodStatus $ViewNs 'initializing' @{ phase = 'Pending'
        initContainerStatuses = @(New-ContainerStatus 'setup' $false 0 'running')
        containerStatuses = @(New-ContainerStatus 'main' $false 0 'waiting:PodInitializing') }
    New-TestPod -Namespace $ViewNs -Name 'half-ready' -Containers 'a', 'b'
    Set-TestPodStatus $ViewNs 'half-ready' @{ phase = 'Running'; containerStatuses = @((New-ContainerStatus 'a' $true 1), (New-ContainerStatus 'b' $false 0)) }
    # A finalizer keeps a deleted pod in place with its deletionTimestamp: kubectl says Terminating.
    New-KubectlObject @{
        apiVersion = 'v1'; kind = 'Pod'
        metadata = @{ name = 'terminating'; namespace = $ViewNs; finalizers = @('pester.example.com/hold') }
        spec = @{ schedulerName = $NoScheduler; containers = @(@{ name = 'main'; image = 'busybox:1.36' }) }
    }
    Set-TestPodStatus $ViewNs 'terminating' @{ phase = 'Running'; containerStatuses = @(New-ContainerStatus 'main' $true) }
    $null = Invoke-Kubectl -n $ViewNs delete pod terminating --wait=false
}

AfterAll {
    $null = Invoke-Kubectl -n $ViewNs patch pod terminating --type=merge -p '{"metadata":{"finalizers":null}}'
    Remove-TestNamespace $Ns, $Ns2, $ViewNs
}

Describe 'Get-KubePod' -Tag 'Cmdlet', 'Get-KubePod' {
    Context 'cross-checked with kubectl, field by field' {
        It 'an exact name returns the pod kubectl returns, status included' {
            $pod = Get-KubePod -Name 'web-1' -Namespace $Ns
            $pod | Should -BeOfType ([Kube.Client.Models.CoreV1.Pod])
            $expected = Get-KubectlJson -n $Ns pod web-1
            Compare-JsonTree $expected (ConvertTo-ModelTree $pod) | Should -BeNullOrEmpty
            $pod.Status.ContainerStatuses[0].Ready | Should -BeTrue
        }

        It 'a listing returns every pod kubectl lists, each field by field' {
            $pods = @(Get-KubePod -Namespace $Ns)
            $expected = (Get-KubectlJson -n $Ns pods).items
            @($pods.Name) | Should -Be @($expected | ForEach-Object { $_.metadata.name })
            foreach ($item in $expected) {
                $ours = $pods | Where-Object Name -EQ $item.metadata.name
                Compare-JsonTree $item (ConvertTo-ModelTree $ours) | Should -BeNullOrEmpty -Because $item.metadata.name
            }
        }

        It 'a pod with init containers, two containers and a finalizer keeps every field' {
            foreach ($name in 'initializing', 'half-ready', 'terminating') {
                $pod = Get-KubePod $name -Namespace $ViewNs
                Compare-JsonTree (Get-KubectlJson -n $ViewNs pod $name) (ConvertTo-ModelTree $pod) | Should -BeNullOrEmpty -Because $name
            }
        }

        It 'adds Name, Namespace and Age at the top level' {
            $pod = Get-KubePod 'db-1' -Namespace $Ns
            $pod.Name | Should -Be 'db-1'
            $pod.Namespace | Should -Be $Ns
            $pod.Age | Should -BeOfType ([timespan])
            $pod.Age | Should -BeGreaterThan ([timespan]::Zero)
        }
    }

    Context 'names and wildcards' {
        It 'several exact names return those pods in the order given' {
            @(Get-KubePod -Name 'db-1', 'web-2' -Namespace $Ns).Name | Should -Be @('db-1', 'web-2')
        }

        It 'a wildcard returns the matching pods, as kubectl lists them' -TestCases @(
            @{ Pattern = 'web-*'; Expected = @('web-1', 'web-2', 'web-3') }
            @{ Pattern = '*-1'; Expected = @('cache-1', 'db-1', 'web-1') }
            @{ Pattern = 'WEB-[12]'; Expected = @('web-1', 'web-2') }
        ) {
            param($Pattern, $Expected)
            @(Get-KubePod -Name $Pattern -Namespace $Ns).Name | Should -Be $Expected
        }

        It 'a wildcard that matches nothing returns nothing and no error' {
            $result = Get-KubePod -Name 'nothing-*' -Namespace $Ns -ErrorVariable errors
            $result | Should -BeNullOrEmpty
            $errors | Should -BeNullOrEmpty
        }

        It 'a missing name is a NotFound error naming the pod, and the other names still come back' {
            $result = Get-KubePod -Name 'no-such-pod', 'db-1' -Namespace $Ns -ErrorVariable errors -ErrorAction SilentlyContinue
            @($result).Name | Should -Be @('db-1')
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'NotFound,*'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be 'no-such-pod'
            $errors[0].Exception.Message | Should -Be 'pods "no-such-pod" not found'
        }
    }

    Context 'selectors' {
        It 'selects what kubectl selects (<Kind>)' -TestCases $SelectorCases {
            param($Kind, $Label, $Field)
            $kubectlArgs = @('-n', $Ns, 'get', 'pods', '-o', 'name')
            $ours = @{ Namespace = $Ns }
            if ($Label) { $kubectlArgs += @('-l', $Label); $ours.LabelSelector = $Label }
            if ($Field) { $kubectlArgs += "--field-selector=$Field"; $ours.FieldSelector = $Field }
            $expected = @((Invoke-Kubectl @kubectlArgs).Output -split "`n" | Where-Object { $_ } | ForEach-Object { $_ -replace '^pod/', '' })
            $expected.Count | Should -BeGreaterThan 0 -Because 'the case must select something'
            @(Get-KubePod @ours).Name | Should -Be $expected
        }

        It 'the -l alias is -LabelSelector' {
            @(Get-KubePod -Namespace $Ns -l 'app=db').Name | Should -Be @('db-1')
        }

        It 'a selector with a wildcard name filters the selected list' {
            @(Get-KubePod 'web-[23]' -Namespace $Ns -LabelSelector 'app=web').Name | Should -Be @('web-2', 'web-3')
        }

        It 'refuses an exact name with a selector, as kubectl does' {
            { Get-KubePod 'web-1' -Namespace $Ns -LabelSelector 'app=web' } | Should -Throw -ErrorId 'NameWithSelector,Kube.PowerShell.Cmdlets.Pods.GetKubePodCommand'
            $err = { Get-KubePod 'web-1' -Namespace $Ns -FieldSelector 'metadata.name=web-1' } | Should -Throw -PassThru
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -BeLike '*cannot be combined with -LabelSelector or -FieldSelector*'
        }

        It 'a selector the server cannot parse is its BadRequest, with its message (<Kind>)' -TestCases @(
            @{ Kind = 'label'; Selector = @{ LabelSelector = 'app in (' }; Message = 'unable to parse requirement*' }
            @{ Kind = 'field'; Selector = @{ FieldSelector = 'spec.nope=x' }; Message = 'field label not supported: spec.nope' }
        ) {
            param($Kind, $Selector, $Message)
            $err = { Get-KubePod -Namespace $Ns @Selector } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -Be 'BadRequest,Kube.PowerShell.Cmdlets.Pods.GetKubePodCommand'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -BeLike $Message
            # The one error rule: a refusal names its target (here the namespace); the request is in the message.
            $err.TargetObject | Should -Be $Ns
        }
    }

    Context 'all namespaces' {
        It '-AllNamespaces lists what kubectl get pods -A lists' {
            $ours = @(Get-KubePod -AllNamespaces -LabelSelector $RunLabel | ForEach-Object { "$($_.Namespace)/$($_.Name)" })
            $expected = @((Get-KubectlJson pods -A -l $RunLabel).items | ForEach-Object { "$($_.metadata.namespace)/$($_.metadata.name)" })
            $ours | Should -Be $expected
            $ours | Should -Contain "$Ns2/web-1"
        }

        It 'an exact name with -A finds the pod in every namespace that has it' {
            $pods = @(Get-KubePod 'web-1' -A -LabelSelector $RunLabel)
            @($pods.Namespace | Sort-Object) | Should -Be @($Ns, $Ns2 | Sort-Object)
            foreach ($pod in $pods) {
                Compare-JsonTree (Get-KubectlJson -n $pod.Namespace pod web-1) (ConvertTo-ModelTree $pod) | Should -BeNullOrEmpty
            }
        }

        It 'an exact name that no namespace has is a NotFound error' {
            $null = Get-KubePod 'no-such-pod' -AllNamespaces -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].Exception.Message | Should -Be 'pods "no-such-pod" not found in any namespace'
        }

        It '-Namespace and -AllNamespaces are different parameter sets' {
            { Get-KubePod -Namespace $Ns -AllNamespaces } | Should -Throw -ErrorId 'AmbiguousParameterSet,Kube.PowerShell.Cmdlets.Pods.GetKubePodCommand'
        }
    }

    Context 'paging' {
        It 'reads a list larger than -PageSize in several requests and returns every pod once' {
            $trace = Get-KubePod -Namespace $Ns -PageSize 2 -Verbose 4>&1
            $pods = @($trace | Where-Object { $_ -is [Kube.Client.Models.CoreV1.Pod] })
            $requests = @($trace | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^GET \S+/pods\?' })
            @($pods.Name) | Should -Be @('cache-1', 'db-1', 'web-1', 'web-2', 'web-3')
            $requests.Count | Should -Be 3
            $requests | ForEach-Object { $_.Message | Should -Match 'limit=2' }
            $requests[0].Message | Should -Not -Match 'continue='
            $requests[1].Message | Should -Match 'continue='
            $requests[2].Message | Should -Match 'continue='
        }

        It '-PageSize 0 reads the whole list in one request without a limit' {
            $trace = Get-KubePod -Namespace $Ns -PageSize 0 -Verbose 4>&1
            $requests = @($trace | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^GET \S+/pods' })
            $requests.Count | Should -Be 1
            $requests[0].Message | Should -Not -Match 'limit='
            @($trace | Where-Object { $_ -is [Kube.Client.Models.CoreV1.Pod] }).Count | Should -Be 5
        }

        It 'pages with -AllNamespaces and a selector as well' {
            $pods = @(Get-KubePod -AllNamespaces -LabelSelector $RunLabel -PageSize 1)
            $pods.Count | Should -Be 6
        }

        It 'rejects a negative page size before calling the server' {
            { Get-KubePod -Namespace $Ns -PageSize -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Kube.PowerShell.Cmdlets.Pods.GetKubePodCommand'
        }
    }

    Context 'pipeline' {
        It 'Get-KubeNamespace | Get-KubePod lists the pods of each piped namespace' {
            $pods = @(Get-KubeNamespace $Ns, $Ns2 | Get-KubePod)
            @($pods | ForEach-Object { "$($_.Namespace)/$($_.Name)" }) |
                Should -Be @("$Ns/cache-1", "$Ns/db-1", "$Ns/web-1", "$Ns/web-2", "$Ns/web-3", "$Ns2/web-1")
        }

        It 'binds -Namespace from any object with a Namespace property' {
            @([pscustomobject]@{ Namespace = $Ns2 } | Get-KubePod).Name | Should -Be @('web-1')
        }

        It 'a name given with piped namespaces is looked up in each of them' {
            $pods = @(Get-KubeNamespace $Ns, $Ns2 | Get-KubePod 'web-1')
            @($pods.Namespace) | Should -Be @($Ns, $Ns2)
        }
    }

    Context '-Context and -Kubeconfig for one call' {
        It 'reads through the viewer context as kubectl --context kube-ps-viewer does' {
            $expected = @((Invoke-Kubectl --context kube-ps-viewer -n $Ns get pods -o name).Output -split "`n" | ForEach-Object { $_ -replace '^pod/', '' })
            @(Get-KubePod -Namespace $Ns -Context kube-ps-viewer).Name | Should -Be $expected
        }

        It 'uses another kubeconfig file and its current-context' {
            $copy = Join-Path $TestDrive 'viewer.kubeconfig'
            Copy-Item $ClusterKubeconfig $copy
            $null = & kubectl --kubeconfig $copy config use-context kube-ps-viewer
            @(Get-KubePod 'db-1' -Namespace $Ns -Kubeconfig $copy).Name | Should -Be 'db-1'
            # The session's own choice is untouched.
            (Get-KubeContext -Current).Name | Should -Be 'kube-ps-admin'
        }
    }

    Context 'format view' {
        BeforeAll {
            $script:Table = ConvertFrom-TableText (Get-KubePod -Namespace $ViewNs | Format-Table | Out-String)
            $script:KubectlRows = @(ConvertFrom-KubectlTable (Invoke-Kubectl -n $ViewNs get pods).Output)
        }

        It 'shows kubectl''s columns, with the namespace first' {
            $Table.Columns | Should -Be @('NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE')
        }

        It '<Pod>: READY <Ready>, STATUS <Status>, RESTARTS <Restarts>, as kubectl shows' -TestCases $ViewCases {
            param($Pod, $Ready, $Status, $Restarts)
            $ours = $Table.Rows | Where-Object { $_.NAME -eq $Pod }
            $theirs = $KubectlRows | Where-Object { $_.NAME -eq $Pod }
            $ours.NAMESPACE | Should -Be $ViewNs
            $ours.READY | Should -Be $Ready
            $ours.STATUS | Should -Be $Status
            $ours.RESTARTS | Should -Be $Restarts
            $theirs.READY | Should -Be $Ready
            $theirs.STATUS | Should -Be $Status
            $theirs.RESTARTS | Should -Be $Restarts
        }

        It 'AGE is a kubectl-style short duration' {
            foreach ($row in $Table.Rows) { $row.AGE | Should -Match '^\d+(s|m\d*s?|h\d*m?|d\d*h?|y\d*d?)$' }
        }

        It 'formats <Span> as <Text>, as kubectl''s HumanDuration does' -TestCases @(
            @{ Span = '00:00:45'; Text = '45s' }
            @{ Span = '00:01:59'; Text = '119s' }
            @{ Span = '00:05:00'; Text = '5m' }
            @{ Span = '00:05:10'; Text = '5m10s' }
            @{ Span = '02:59:00'; Text = '179m' }
            @{ Span = '03:20:00'; Text = '3h20m' }
            @{ Span = '10:00:00'; Text = '10h' }
            @{ Span = '4.05:00:00'; Text = '4d5h' }
            @{ Span = '400.00:00:00'; Text = '400d' }
            @{ Span = '760.00:00:00'; Text = '2y30d' }
            @{ Span = '3650.00:00:00'; Text = '10y' }
        ) {
            param($Span, $Text)
            [Kube.PowerShell.Formatting.Duration]::Human([timespan]::Parse($Span)) | Should -Be $Text
        }

        It 'the Ready, PodStatus and Restarts properties match the view' {
            $pod = Get-KubePod 'half-ready' -Namespace $ViewNs
            $pod.Ready | Should -Be '1/2'
            $pod.PodStatus | Should -Be 'Running'
            $pod.Restarts | Should -Be 1
        }
    }

    Context 'tab completion' {
        It 'completes namespaces for -Namespace' {
            $line = 'Get-KubePod -Namespace kube-s'
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
            $completions.CompletionText | Should -Contain 'kube-system'
            $completions.CompletionText | Should -Not -Contain 'default'
        }

        It 'completes pod names in the namespace the command names' {
            $line = "Get-KubePod -Namespace $Ns web-"
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
            @($completions.CompletionText) | Should -Be @('web-1', 'web-2', 'web-3')
            $completions[0].ToolTip | Should -Be "$Ns/web-1"
        }

        It 'completion reads the context''s shared informer, kept current by its watch without another list' {
            $line = "Get-KubePod -Namespace $Ns web-"
            $null = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $connection = [Kube.PowerShell.Connection.KubeConnectionCache]::GetAsync($null, $null, [System.Threading.CancellationToken]::None).GetAwaiter().GetResult()
            $pods = { @($connection.Informers.Snapshot() | Where-Object Name -EQ "v1/pods in namespace $Ns") }
            (& $pods).Count | Should -Be 1
            $lists = (& $pods)[0].Lists
            New-TestPod -Namespace $Ns -Name 'web-late'
            try {
                Wait-Until -TimeoutSeconds 30 -Because 'the watch brings the new pod into the cache' {
                    (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText -contains 'web-late'
                }
                (& $pods)[0].Lists | Should -Be $lists
            }
            finally { $null = Invoke-Kubectl -n $Ns delete pod web-late --wait=false }
        }
    }
}
