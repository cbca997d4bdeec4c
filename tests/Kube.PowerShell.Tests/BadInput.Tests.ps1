# What every cmdlet says when the input or the environment is wrong: each error has a stable
# id, a real category, a target and a message that names what is at fault, and no error or
# verbose line ever carries a credential.

BeforeDiscovery {
    # Each cluster cmdlet, called so that it must connect (safe if it did get through).
    $script:ClusterCommands = @(
        @{ Command = 'Get-KubeNamespace'; Call = { param($p) Get-KubeNamespace 'default' @p } }
        @{ Command = 'Get-KubePod'; Call = { param($p) Get-KubePod -Namespace 'default' @p } }
        @{ Command = 'New-KubeNamespace'; Call = { param($p) New-KubeNamespace 'pester-badinput-never' -DryRun @p } }
        @{ Command = 'Remove-KubeNamespace'; Call = { param($p) Remove-KubeNamespace 'pester-badinput-never' -DryRun -Confirm:$false @p } }
    )
    $script:FileCommands = $ClusterCommands + @(
        @{ Command = 'Get-KubeContext'; Call = { param($p) Get-KubeContext @p } }
        @{ Command = 'Set-KubeContext'; Call = { param($p) Set-KubeContext 'kube-ps-admin' -WhatIf @p } }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')

    # Runs a cmdlet call and returns its first error record, terminating or not.
    function script:Get-FirstError([scriptblock] $Call, [hashtable] $Parameters) {
        try {
            $records = @(& $Call $Parameters 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        }
        catch {
            return $_
        }
        if (-not $records) { throw 'the call reported no error' }
        $records[0]
    }

    $script:Malformed = Join-Path $TestDrive 'malformed.kubeconfig'
    @'
apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: https://127.0.0.1:16443
    bad: [unclosed
contexts: []
'@ | Set-Content $Malformed
}

Describe 'Bad input and failures' -Tag 'Cmdlet', 'Errors' {
    Context 'a malformed kubeconfig passed with -Kubeconfig' {
        It '<Command> names the file and the line of the YAML error' -TestCases $FileCommands {
            param($Command, $Call)
            $e = Get-FirstError $Call @{ Kubeconfig = $Malformed }
            $e.FullyQualifiedErrorId | Should -BeLike "ConfigurationError,*"
            $e.CategoryInfo.Category | Should -Be 'InvalidData'
            $e.TargetObject | Should -Be $Malformed
            $e.Exception.Message | Should -BeLike "Kubeconfig $Malformed`: line 7, column 10: *"
            $e.Exception.Line | Should -Be 7
        }
    }

    Context 'an unknown -Context' {
        It '<Command> is ContextNotFound and lists the known contexts' -TestCases $ClusterCommands {
            param($Command, $Call)
            $e = Get-FirstError $Call @{ Context = 'no-such-context' }
            $e.FullyQualifiedErrorId | Should -BeLike 'ContextNotFound,*'
            $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $e.TargetObject | Should -Be 'no-such-context'
            $e.Exception.Message | Should -Be "context `"no-such-context`" not found in $ClusterKubeconfig (known contexts: kube-ps-admin, kube-ps-cert, kube-ps-viewer)"
        }
    }

    Context 'a missing client certificate file' {
        BeforeAll {
            $script:NoCert = Join-Path $TestDrive 'no-cert.kubeconfig'
            Copy-Item $ClusterKubeconfig $NoCert
            $script:MissingCert = Join-Path $TestDrive 'absent/client.crt'
            $null = & kubectl --kubeconfig $NoCert config set-credentials cert-user "--client-certificate=$MissingCert" "--client-key=$(Join-Path $TestDrive 'absent/client.key')"
            $null = & kubectl --kubeconfig $NoCert config set-context cert-context --cluster=kube-ps-local --user=cert-user
        }

        It '<Command> names the user, the field and the missing file' -TestCases $ClusterCommands {
            param($Command, $Call)
            $e = Get-FirstError $Call @{ Kubeconfig = $NoCert; Context = 'cert-context' }
            $e.FullyQualifiedErrorId | Should -BeLike 'ConfigurationError,*'
            $e.CategoryInfo.Category | Should -Be 'InvalidData'
            $e.TargetObject | Should -Be $NoCert
            $e.Exception.Message | Should -Be "user `"cert-user`" in $NoCert`: client-certificate file $MissingCert does not exist"
            $e.Exception.Field | Should -Be 'users["cert-user"].user.client-certificate'
        }
    }

    Context 'a token the server rejects' {
        BeforeAll {
            $script:WrongToken = 'pester-wrong-token-' + [guid]::NewGuid().ToString('n')
            $script:WrongFile = Join-Path $TestDrive 'wrong-token.kubeconfig'
            Copy-Item $ClusterKubeconfig $WrongFile
            $null = & kubectl --kubeconfig $WrongFile config set-credentials kube-ps-admin "--token=$WrongToken"
        }

        It '<Command> is Unauthorized (401, AuthenticationError) naming the server, never the token' -TestCases $ClusterCommands {
            param($Command, $Call)
            $e = Get-FirstError $Call @{ Kubeconfig = $WrongFile }
            $e.FullyQualifiedErrorId | Should -BeLike 'Unauthorized,*'
            $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $e.Exception.StatusCode | Should -Be 401
            $e.ErrorDetails.Message | Should -Be "Unauthorized: $ClusterServer/ (bearer token; context `"kube-ps-admin`" in $WrongFile) rejected the credentials"
            $e.ErrorDetails.RecommendedAction | Should -Match 'credentials'
            ($e | Out-String) + $e.Exception.ToString() | Should -Not -Match $WrongToken
        }
    }

    Context 'a request RBAC forbids' {
        It 'is Forbidden (403, PermissionDenied) with the server''s message, the object as target, and advice' {
            $e = Get-FirstError { param($p) New-KubeNamespace 'pester-forbidden' @p } @{ Context = 'kube-ps-viewer' }
            $e.FullyQualifiedErrorId | Should -Be 'Forbidden,Kube.PowerShell.Cmdlets.Namespaces.NewKubeNamespaceCommand'
            $e.CategoryInfo.Category | Should -Be 'PermissionDenied'
            $e.TargetObject | Should -Be 'pester-forbidden'
            $e.Exception.StatusCode | Should -Be 403
            $e.Exception.Message | Should -Be 'namespaces is forbidden: User "kube-ps-viewer" cannot create resource "namespaces" in API group "" at the cluster scope'
            $e.ErrorDetails.RecommendedAction | Should -Be 'The user lacks RBAC permission for this request; ask for a role that grants it or use another context.'
        }
    }

    Context 'an object the server finds invalid' {
        It 'is Invalid (422, InvalidData) with the field causes in the details' {
            $e = Get-FirstError { param($p) New-KubeNamespace 'Bad_Name' @p } @{}
            $e.FullyQualifiedErrorId | Should -Be 'Invalid,Kube.PowerShell.Cmdlets.Namespaces.NewKubeNamespaceCommand'
            $e.CategoryInfo.Category | Should -Be 'InvalidData'
            $e.TargetObject | Should -Be 'Bad_Name'
            $e.Exception.StatusCode | Should -Be 422
            $e.Exception.Causes[0].Field | Should -Be 'metadata.name'
            $e.Exception.Causes[0].Reason | Should -Be 'FieldValueInvalid'
            $e.ErrorDetails.Message | Should -Match '^Namespace "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 label'
        }
    }

    Context 'a server that is down' {
        BeforeAll {
            $script:DownPort = Get-FreePort
            $script:DownFile = Join-Path $TestDrive 'down.kubeconfig'
            Copy-Item $ClusterKubeconfig $DownFile
            $null = & kubectl --kubeconfig $DownFile config set-cluster kube-ps-local "--server=https://127.0.0.1:$DownPort"
        }

        It '<Command> is ConnectionFailed (ConnectionError) naming the server and "refused"' -TestCases $ClusterCommands {
            param($Command, $Call)
            $e = Get-FirstError $Call @{ Kubeconfig = $DownFile }
            $e.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
            $e.CategoryInfo.Category | Should -Be 'ConnectionError'
            "$($e.TargetObject)" | Should -Be "https://127.0.0.1:$DownPort/"
            $e.Exception.Message | Should -BeLike "Could not reach the API server at https://127.0.0.1:$DownPort (context `"kube-ps-admin`" in $DownFile) for * /api/v1/*: *refused*"
        }
    }

    Context 'secrets stay out of messages and traces' {
        BeforeAll {
            $script:Tokens = @('kube-ps-admin', 'kube-ps-viewer' | ForEach-Object { Get-KubeconfigToken $_ })
            $script:CertKey = (& kubectl --kubeconfig $ClusterKubeconfig config view --raw -o "jsonpath={.users[?(@.name=='kube-ps-cert')].user.client-key-data}").Trim()
            $script:Tokens | ForEach-Object { $_.Length | Should -BeGreaterThan 8 }
        }

        It 'no token in -Verbose traces of <Context>' -TestCases @(
            @{ Context = 'kube-ps-admin' }, @{ Context = 'kube-ps-viewer' }, @{ Context = 'kube-ps-cert' }
        ) {
            param($Context)
            $trace = @(Get-KubePod -Namespace 'kube-system' -Context $Context -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            $trace.Count | Should -BeGreaterThan 0
            $text = $trace -join "`n"
            if ($Context -ne 'kube-ps-cert') { $text | Should -Match 'Authorization: Bearer <redacted>' }
            foreach ($token in $Tokens) { $text | Should -Not -Match ([regex]::Escape($token)) }
            $text | Should -Not -Match ([regex]::Escape($CertKey.Substring(0, 40)))
        }

        It 'no token in the errors and traces of a refused request' {
            $output = New-KubeNamespace 'pester-never' -Context kube-ps-viewer -Verbose -ErrorAction Continue 4>&1 2>&1 | Out-String -Width 500
            $output | Should -Match 'forbidden'
            foreach ($token in $Tokens) { $output | Should -Not -Match ([regex]::Escape($token)) }
        }
    }
}
