# Get-KubeContext, cross-checked with kubectl config on the local cluster's kubeconfig and on
# copies in $TestDrive.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:KubectlConfig = (& kubectl --kubeconfig $ClusterKubeconfig config view -o json) | Out-String | ConvertFrom-Json -AsHashtable

    # A second file with a context of its own, for KUBECONFIG merging.
    $script:OtherFile = Join-Path $TestDrive 'other.kubeconfig'
    @"
apiVersion: v1
kind: Config
clusters:
- name: elsewhere
  cluster:
    server: https://elsewhere.example.com:6443
users:
- name: someone
  user:
    token: other-file-token
contexts:
- name: kube-ps-admin
  context:
    cluster: elsewhere
    user: someone
- name: other-context
  context:
    cluster: elsewhere
    user: someone
    namespace: team-x
current-context: other-context
"@ | Set-Content $OtherFile
}

Describe 'Get-KubeContext' -Tag 'Cmdlet', 'Get-KubeContext' {
    Context 'cross-checked with kubectl config' {
        It 'lists the contexts kubectl config get-contexts lists' {
            $expected = @(& kubectl --kubeconfig $ClusterKubeconfig config get-contexts -o name)
            @(Get-KubeContext).Name | Should -Be $expected
        }

        It '<Name> has the cluster, user, namespace and server of kubectl config view' -TestCases @(
            @{ Name = 'kube-ps-admin' }, @{ Name = 'kube-ps-cert' }, @{ Name = 'kube-ps-viewer' }
        ) {
            param($Name)
            $context = Get-KubeContext $Name
            $context | Should -BeOfType ([Kube.PowerShell.Cmdlets.Contexts.KubeContextInfo])
            $expected = ($KubectlConfig.contexts | Where-Object name -EQ $Name).context
            $context.Cluster | Should -Be $expected.cluster
            $context.User | Should -Be $expected.user
            $context.Namespace | Should -Be $expected.namespace
            $context.Server | Should -Be ($KubectlConfig.clusters | Where-Object name -EQ $expected.cluster).cluster.server
            $context.Source | Should -Be $ClusterKubeconfig
        }

        It 'marks kubectl''s current context, and -Current returns only it' {
            $current = (& kubectl --kubeconfig $ClusterKubeconfig config current-context)
            @(Get-KubeContext | Where-Object IsCurrent).Name | Should -Be @($current)
            $only = @(Get-KubeContext -Current)
            $only.Count | Should -Be 1
            $only[0].Name | Should -Be $current
        }

        It 'a context without a namespace reads as "default", as kubectl uses it' {
            $copy = Join-Path $TestDrive 'no-namespace.kubeconfig'
            Copy-Item $ClusterKubeconfig $copy
            $null = & kubectl --kubeconfig $copy config set-context kube-ps-viewer --namespace=
            (& kubectl --kubeconfig $copy config view -o "jsonpath={.contexts[?(@.name=='kube-ps-viewer')].context.namespace}") | Should -BeNullOrEmpty
            (Get-KubeContext kube-ps-viewer -Kubeconfig $copy).Namespace | Should -Be 'default'
        }
    }

    Context 'names and wildcards' {
        It 'a wildcard returns the matching contexts (<Pattern>)' -TestCases @(
            @{ Pattern = 'kube-ps-*'; Expected = @('kube-ps-admin', 'kube-ps-cert', 'kube-ps-viewer') }
            @{ Pattern = '*viewer'; Expected = @('kube-ps-viewer') }
            @{ Pattern = 'KUBE-PS-[ac]*'; Expected = @('kube-ps-admin', 'kube-ps-cert') }
            @{ Pattern = 'nothing-*'; Expected = @() }
        ) {
            param($Pattern, $Expected)
            @(Get-KubeContext $Pattern -ErrorVariable errors).Name | Should -Be $Expected
            $errors | Should -BeNullOrEmpty
        }

        It 'an unknown exact name is ContextNotFound and lists the known contexts' {
            $null = Get-KubeContext 'nope' -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -Be 'ContextNotFound,Kube.PowerShell.Cmdlets.Contexts.GetKubeContextCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be 'nope'
            $errors[0].Exception.Message | Should -Be "Context `"nope`" is not defined in $ClusterKubeconfig (known contexts: kube-ps-admin, kube-ps-cert, kube-ps-viewer)."
        }

        It 'takes names from the pipeline' {
            @('kube-ps-cert', 'kube-ps-viewer' | Get-KubeContext).Name | Should -Be @('kube-ps-cert', 'kube-ps-viewer')
        }
    }

    Context 'kubeconfig files' {
        It '-Kubeconfig reads that file alone, with its own current context' {
            $contexts = @(Get-KubeContext -Kubeconfig $OtherFile)
            $contexts.Name | Should -Be @('kube-ps-admin', 'other-context')
            ($contexts | Where-Object IsCurrent).Name | Should -Be 'other-context'
            ($contexts | Where-Object Name -EQ 'other-context').Namespace | Should -Be 'team-x'
            ($contexts | Where-Object Name -EQ 'other-context').Server | Should -Be 'https://elsewhere.example.com:6443'
        }

        It 'merges KUBECONFIG as kubectl does: the first file to define a context wins' {
            $saved = $env:KUBECONFIG
            try {
                $env:KUBECONFIG = $ClusterKubeconfig + [System.IO.Path]::PathSeparator + $OtherFile
                $expected = @(& kubectl config get-contexts -o name)
                $contexts = @(Get-KubeContext)
                $contexts.Name | Should -Be $expected
                $admin = $contexts | Where-Object Name -EQ 'kube-ps-admin'
                $admin.Cluster | Should -Be (& kubectl config view -o "jsonpath={.contexts[?(@.name=='kube-ps-admin')].context.cluster}")
                $admin.Source | Should -Be $ClusterKubeconfig
                ($contexts | Where-Object Name -EQ 'other-context').Source | Should -Be $OtherFile
                ($contexts | Where-Object IsCurrent).Name | Should -Be (& kubectl config current-context)
            }
            finally {
                $env:KUBECONFIG = $saved
            }
        }

        It 'a file that does not exist is a ConfigurationError naming it' {
            $missing = Join-Path $TestDrive 'missing.kubeconfig'
            $err = { Get-KubeContext -Kubeconfig $missing } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -Be 'ConfigurationError,Kube.PowerShell.Cmdlets.Contexts.GetKubeContextCommand'
            $err.CategoryInfo.Category | Should -Be 'InvalidData'
            $err.Exception.Message | Should -BeLike "*$missing*"
        }
    }

    Context 'format view' {
        It 'shows kubectl config get-contexts'' columns and values' {
            $table = ConvertFrom-TableText (Get-KubeContext | Format-Table | Out-String)
            $table.Columns | Should -Be @('CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE')
            $kubectl = @(& kubectl --kubeconfig $ClusterKubeconfig config get-contexts | Select-Object -Skip 1 | ForEach-Object {
                    $cells = $_ -split '\s+'
                    if ($cells[0] -eq '*') { @{ CURRENT = '*'; NAME = $cells[1]; CLUSTER = $cells[2]; AUTHINFO = $cells[3]; NAMESPACE = $cells[4] } }
                    else { @{ CURRENT = ''; NAME = $cells[1]; CLUSTER = $cells[2]; AUTHINFO = $cells[3]; NAMESPACE = $cells[4] } }
                })
            $table.Rows.Count | Should -Be $kubectl.Count
            for ($i = 0; $i -lt $kubectl.Count; $i++) {
                foreach ($column in $table.Columns) { $table.Rows[$i][$column] | Should -Be $kubectl[$i][$column] -Because "$column of row $i" }
            }
        }
    }

    Context 'tab completion' {
        It 'completes context names from the kubeconfig' {
            $line = 'Get-KubeContext kube-ps-c'
            @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @('kube-ps-cert')
        }
    }
}
