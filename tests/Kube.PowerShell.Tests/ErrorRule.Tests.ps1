# One rule for errors (issue 9 §5): a refusal that belongs to one target (a namespace, a kind, an
# object) is a non-terminating error record with category PermissionDenied, whether the target came
# from a parameter or from the pipeline, and the command goes on with the next target; only what
# concerns the whole context ends the command: rejected credentials (401), an unreachable server, a
# broken kubeconfig. Checked for every cluster cmdlet, as a service account whose Role lets it read
# pods in one namespace ($Allowed) and nothing else.

BeforeDiscovery {
    # Each cmdlet, called on the namespace it is given ($ns); $p carries -Kubeconfig.
    $script:Refused = @(
        @{ Command = 'Get-KubePod'; Call = { param($ns, $p) Get-KubePod -Namespace $ns @p } }
        @{ Command = 'Get-KubeResource'; Call = { param($ns, $p) Get-KubeResource Pod -Namespace $ns @p } }
        @{ Command = 'Get-KubeResource (by name)'; Call = { param($ns, $p) Get-KubeResource ConfigMap kube-root-ca.crt -Namespace $ns @p } }
        @{ Command = 'Watch-KubeResource'; Call = { param($ns, $p) Watch-KubeResource Pod -Namespace $ns -Timeout 10 @p } }
        @{ Command = 'Wait-KubeResource'; Call = { param($ns, $p) Wait-KubeResource ConfigMap kube-root-ca.crt -Namespace $ns -JsonPath '{.metadata.name}' -Value x -Timeout 10 @p } }
        @{ Command = 'New-KubeResource'; Call = { param($ns, $p) New-KubeResource -InputObject @{ apiVersion = 'v1'; kind = 'ConfigMap'; metadata = @{ name = 'never'; namespace = $ns } } @p } }
        @{ Command = 'Set-KubeResource'; Call = { param($ns, $p) Set-KubeResource -InputObject @{ apiVersion = 'v1'; kind = 'ConfigMap'; metadata = @{ name = 'kube-root-ca.crt'; namespace = $ns } } @p } }
        @{ Command = 'Update-KubeResource'; Call = { param($ns, $p) Update-KubeResource ConfigMap kube-root-ca.crt -Namespace $ns -Patch @{ metadata = @{ labels = @{ never = 'x' } } } @p } }
        @{ Command = 'Remove-KubeResource'; Call = { param($ns, $p) Remove-KubeResource ConfigMap kube-root-ca.crt -Namespace $ns -Confirm:$false @p } }
        @{ Command = 'Invoke-KubeApply'; Call = { param($ns, $p) Invoke-KubeApply -InputObject @{ apiVersion = 'v1'; kind = 'ConfigMap'; metadata = @{ name = 'never'; namespace = $ns } } @p } }
        @{ Command = 'New-KubeSecret'; Call = { param($ns, $p) New-KubeSecret never -Namespace $ns -Data @{ k = 'v' } @p } }
        @{ Command = 'Set-KubeScale'; Call = { param($ns, $p) Set-KubeScale deployment web -Namespace $ns -Replicas 1 -Confirm:$false @p } }
        @{ Command = 'Restart-KubeRollout'; Call = { param($ns, $p) Restart-KubeRollout deployment web -Namespace $ns -Confirm:$false @p } }
        @{ Command = 'Wait-KubeRollout'; Call = { param($ns, $p) Wait-KubeRollout deployment web -Namespace $ns -Timeout 10 @p } }
        @{ Command = 'Undo-KubeRollout'; Call = { param($ns, $p) Undo-KubeRollout deployment web -Namespace $ns -Confirm:$false @p } }
        @{ Command = 'Get-KubeRolloutHistory'; Call = { param($ns, $p) Get-KubeRolloutHistory deployment web -Namespace $ns @p } }
        @{ Command = 'Get-KubeEvent'; Call = { param($ns, $p) Get-KubeEvent -Namespace $ns @p } }
        @{ Command = 'Get-KubeEvent -Watch'; Call = { param($ns, $p) Get-KubeEvent -Namespace $ns -Watch -Timeout 10 @p } }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Allowed = New-TestName 'errrule-a'
    $script:Denied = New-TestName 'errrule-b'
    foreach ($ns in $Allowed, $Denied) {
        (Invoke-Kubectl create namespace $ns).ExitCode | Should -Be 0
        Wait-NamespaceReady $ns
    }
    foreach ($command in @('create', 'serviceaccount', 'reader'), @('create', 'role', 'pod-reader', '--verb=get,list,watch', '--resource=pods'),
        @('create', 'rolebinding', 'pod-reader', '--role=pod-reader', "--serviceaccount=${Allowed}:reader"),
        @('run', 'solo', '--image=busybox:1.36', '--restart=Never', '--overrides={"spec":{"schedulerName":"kube-ps-unscheduled"}}')) {
        $result = Invoke-Kubectl -n $Allowed @command
        if ($result.ExitCode -ne 0) { throw "kubectl $command failed: $($result.Output)" }
    }
    # The account's token (1.20 keeps it in a Secret the token controller makes).
    $script:Token = $null
    Wait-Until -TimeoutSeconds 60 -Because 'the service account has its token' {
        $secret = (Invoke-Kubectl -n $Allowed get serviceaccount reader -o 'jsonpath={.secrets[0].name}').Output
        if (-not $secret) { return $false }
        $b64 = (Invoke-Kubectl -n $Allowed get secret $secret -o 'jsonpath={.data.token}').Output
        if (-not $b64) { return $false }
        $script:Token = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($b64))
        $true
    }
    $ca = (& kubectl --kubeconfig $ClusterKubeconfig config view --raw -o 'jsonpath={.clusters[0].cluster.certificate-authority-data}').Trim()
    function script:New-TokenKubeconfig([string] $Path, [string] $Token, [string] $Server = $ClusterServer) {
        @"
apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: { server: '$Server', certificate-authority-data: $ca }
users:
- name: u
  user: { token: '$Token' }
contexts:
- name: reader
  context: { cluster: c, user: u, namespace: $Allowed }
current-context: reader
"@ | Set-Content $Path
    }
    $script:Reader = Join-Path $TestDrive 'reader.kubeconfig'
    New-TokenKubeconfig $Reader $Token
    $script:Rejected = Join-Path $TestDrive 'rejected.kubeconfig'
    New-TokenKubeconfig $Rejected ('not-a-token-' + [guid]::NewGuid().ToString('n'))
    $script:Down = Join-Path $TestDrive 'down.kubeconfig'
    New-TokenKubeconfig $Down $Token "https://127.0.0.1:$(Get-FreePort)"

    # Runs a call with -ErrorAction Continue: what it wrote, its error records, and the terminating error, if any.
    function script:Invoke-Rule([scriptblock] $Call, [object[]] $Arguments) {
        $ErrorActionPreference = 'Continue'
        $threw = $null
        $records = @()
        try {
            $records = @(& $Call @Arguments 2>&1)
        }
        catch {
            $threw = $_
        }
        [pscustomobject]@{
            Threw  = $threw
            Errors = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            Output = @($records | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
        }
    }
}

AfterAll {
    Remove-TestNamespace $Allowed, $Denied
}

Describe 'one rule for errors' -Tag 'Cmdlet', 'Errors' {
    It 'the account can read pods where its Role says (the premise)' {
        @(Get-KubePod -Namespace $Allowed -Kubeconfig $Reader).Name | Should -Contain 'solo'
    }

    It '<Command>: a refused target is a non-terminating PermissionDenied record, and the command goes on' -TestCases $Refused {
        param($Command, $Call)
        $result = Invoke-Rule $Call @($Denied, @{ Kubeconfig = $Reader })
        $result.Threw | Should -BeNullOrEmpty -Because "a refusal for one namespace must not end the command ($($result.Threw))"
        $result.Errors | Should -HaveCount 1
        $result.Errors[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'Forbidden,*'
        $result.Errors[0].Exception.Message | Should -Match 'forbidden'
        # -ErrorAction Stop makes the same record terminating, as for any cmdlet.
        { & $Call $Denied @{ Kubeconfig = $Reader; ErrorAction = 'Stop' } } | Should -Throw -ErrorId 'Forbidden,*'
        # SilentlyContinue hides it.
        { & $Call $Denied @{ Kubeconfig = $Reader; ErrorAction = 'SilentlyContinue' } } | Should -Not -Throw
    }

    It 'Get-KubePod: the same refusal from -Namespace and from the pipeline, and the next namespace is still read' {
        $fromParameter = Invoke-Rule { Get-KubePod -Namespace $Denied -Kubeconfig $Reader }
        $fromPipeline = Invoke-Rule { [pscustomobject]@{ Namespace = $Denied }, [pscustomobject]@{ Namespace = $Allowed } | Get-KubePod -Kubeconfig $Reader }
        $fromParameter.Threw | Should -BeNullOrEmpty
        $fromPipeline.Threw | Should -BeNullOrEmpty
        $fromParameter.Errors[0].FullyQualifiedErrorId | Should -Be $fromPipeline.Errors[0].FullyQualifiedErrorId
        $fromParameter.Errors[0].CategoryInfo.Category | Should -Be $fromPipeline.Errors[0].CategoryInfo.Category
        "$($fromParameter.Errors[0].TargetObject)" | Should -Be "$($fromPipeline.Errors[0].TargetObject)"
        @($fromPipeline.Output.Name) | Should -Contain 'solo'
        # A script goes on after the statement.
        $after = $false
        Get-KubePod -Namespace $Denied -Kubeconfig $Reader -ErrorAction SilentlyContinue -ErrorVariable refused
        $after = $true
        $after | Should -BeTrue
        $refused | Should -HaveCount 1
    }

    It 'Get-KubeResource: a kind refused in one namespace among several piped ones' {
        $result = Invoke-Rule { $Denied, $Allowed | ForEach-Object { [pscustomobject]@{ Kind = 'Pod'; Namespace = $_ } } | Get-KubeResource -Kubeconfig $Reader }
        $result.Threw | Should -BeNullOrEmpty
        $result.Errors | Should -HaveCount 1
        "$($result.Errors[0].TargetObject)" | Should -Be $Denied
        @($result.Output.Name) | Should -Contain 'solo'
    }

    It 'cluster-scoped refusals: Get-KubeNamespace, New-KubeNamespace, Remove-KubeNamespace' {
        foreach ($call in { Get-KubeNamespace -Kubeconfig $Reader }, { New-KubeNamespace "$Denied-never" -Kubeconfig $Reader }, { Remove-KubeNamespace $Denied -Kubeconfig $Reader -Confirm:$false }) {
            $result = Invoke-Rule $call
            $result.Threw | Should -BeNullOrEmpty -Because "$call"
            $result.Errors | Should -HaveCount 1
            $result.Errors[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        }
        (Invoke-Kubectl get namespace $Denied).ExitCode | Should -Be 0
    }

    It '<Command>: rejected credentials (401) end the command' -TestCases $Refused {
        param($Command, $Call)
        $result = Invoke-Rule $Call @($Allowed, @{ Kubeconfig = $Rejected })
        $result.Threw | Should -Not -BeNullOrEmpty
        $result.Threw.FullyQualifiedErrorId | Should -BeLike 'Unauthorized,*'
        $result.Threw.CategoryInfo.Category | Should -Be 'AuthenticationError'
    }

    It '<Command>: an unreachable server ends the command' -TestCases $Refused {
        param($Command, $Call)
        $result = Invoke-Rule $Call @($Allowed, @{ Kubeconfig = $Down })
        $result.Threw | Should -Not -BeNullOrEmpty
        $result.Threw.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
    }

    It 'rejected credentials end the command even with namespaces still to come from the pipeline' {
        $result = Invoke-Rule { $Allowed, $Denied | ForEach-Object { [pscustomobject]@{ Namespace = $_ } } | Get-KubePod -Kubeconfig $Rejected }
        $result.Threw | Should -Not -BeNullOrEmpty
        $result.Errors | Should -HaveCount 0
    }
}
