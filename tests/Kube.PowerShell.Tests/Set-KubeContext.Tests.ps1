# Set-KubeContext: the session's choice (tested in fresh runspaces, so this session keeps its
# own), and -Persist on copies of the kubeconfig in $TestDrive (never on the cluster's file).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'setctx'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    Wait-NamespaceReady $Ns
    New-TestPod -Namespace $Ns -Name 'only-here'
    $script:ClusterFileHash = (Get-FileHash $ClusterKubeconfig).Hash

    function script:Get-KubeconfigValue([string] $File, [string] $JsonPath) {
        (& kubectl --kubeconfig $File config view --raw -o "jsonpath=$JsonPath" | Out-String).Trim()
    }

    # A kubeconfig with the cluster's real credentials plus fields this module does not model:
    # extensions everywhere, an exec user, a user with basic auth and impersonation, preferences,
    # and keys no kubeconfig schema knows. Every value is in the style kubectl writes.
    function script:New-RichKubeconfig([string] $Path) {
        $ca = Get-KubeconfigValue $ClusterKubeconfig '{.clusters[0].cluster.certificate-authority-data}'
        $adminToken = Get-KubeconfigToken 'kube-ps-admin'
        $viewerToken = Get-KubeconfigToken 'kube-ps-viewer'
        $text = @"
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: $ca
    server: $ClusterServer
    tls-server-name: localhost
    extensions:
    - name: pester.example.com/cluster-info
      extension:
        region: loopback
        zones: [a, b]
  name: kube-ps-local
users:
- name: kube-ps-admin
  user:
    token: $adminToken
- name: kube-ps-viewer
  user:
    token: $viewerToken
- name: exec-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: /usr/local/bin/get-token
      args:
      - --audience
      - kube-ps
      env:
      - name: TOKEN_CACHE
        value: /tmp/cache
      installHint: install get-token from the ops repository
      provideClusterInfo: true
      interactiveMode: Never
- name: basic-user
  user:
    username: alice
    password: not-a-real-password
    as: bob
    as-groups:
    - ops
    extensions:
    - name: pester.example.com/user-note
      extension: {note: kept}
contexts:
- context:
    cluster: kube-ps-local
    user: kube-ps-admin
    namespace: default
  name: kube-ps-admin
- context:
    cluster: kube-ps-local
    user: kube-ps-viewer
    namespace: default
    extensions:
    - name: pester.example.com/context-note
      extension: {owner: ops}
  name: kube-ps-viewer
- context:
    cluster: kube-ps-local
    user: exec-user
  name: exec-context
current-context: kube-ps-admin
preferences:
  colors: true
  extensions:
  - name: pester.example.com/preference
    extension: {theme: dark}
extensions:
- name: pester.example.com/top
  extension:
    nested:
      list: [1, 2, 3]
x-pester-unknown-key: kept as written
"@
        Set-Content -Path $Path -Value $text -NoNewline
        $Path
    }
}

AfterAll {
    Remove-TestNamespace $Ns
}

Describe 'Set-KubeContext' -Tag 'Cmdlet', 'Set-KubeContext' {
    AfterEach {
        (Get-FileHash $ClusterKubeconfig).Hash | Should -Be $ClusterFileHash -Because "the cluster's kubeconfig is never written"
    }

    Context 'for this session only' {
        It 'switches the context of later commands, leaving the file as it is' {
            $result = Invoke-InNewRunspace -Script {
                Set-KubeContext kube-ps-viewer
                (Get-KubeContext -Current).Name
                New-KubeNamespace 'pester-never-created' -ErrorAction SilentlyContinue -ErrorVariable e
                $e[0].FullyQualifiedErrorId
                $e[0].Exception.Message
            }
            $result.Errors | Should -BeNullOrEmpty
            $result.Output[0] | Should -Be 'kube-ps-viewer'
            $result.Output[1] | Should -BeLike 'Forbidden,*'
            $result.Output[2] | Should -BeLike '*User "kube-ps-viewer" cannot create resource "namespaces"*'
            (& kubectl --kubeconfig $ClusterKubeconfig config current-context) | Should -Be 'kube-ps-admin'
        }

        It 'does not change other runspaces'' choice' {
            $null = Invoke-InNewRunspace -Script { Set-KubeContext kube-ps-viewer }
            (Get-KubeContext -Current).Name | Should -Be 'kube-ps-admin'
        }

        It '-Namespace makes later commands use that namespace' {
            $result = Invoke-InNewRunspace -Parameters @{ Ns = $Ns } -Script {
                param($Ns)
                Set-KubeContext kube-ps-admin -Namespace $Ns
                @(Get-KubePod).Name -join ','
                (Get-KubeContext -Current).Namespace
                (Get-KubeContext kube-ps-viewer).Namespace
            }
            $result.Errors | Should -BeNullOrEmpty
            $result.Output | Should -Be @('only-here', $Ns, 'default')
        }

        It '-Namespace alone changes the namespace of the current context' {
            $result = Invoke-InNewRunspace -Parameters @{ Ns = $Ns } -Script {
                param($Ns)
                Set-KubeContext kube-ps-cert
                Set-KubeContext -Namespace $Ns
                $current = Get-KubeContext -Current
                $current.Name
                $current.Namespace
            }
            $result.Output | Should -Be @('kube-ps-cert', $Ns)
        }

        It '-Context on one command wins over the session''s choice' {
            $result = Invoke-InNewRunspace -Script {
                Set-KubeContext kube-ps-viewer
                (New-KubeNamespace 'pester-dry-run-only' -DryRun -Context kube-ps-admin).Metadata.Name
            }
            $result.Errors | Should -BeNullOrEmpty
            $result.Output | Should -Be @('pester-dry-run-only')
        }

        It '-PassThru returns the context now in use' {
            $info = Invoke-InNewRunspace -Parameters @{ Ns = $Ns } -Script {
                param($Ns)
                Set-KubeContext kube-ps-viewer -Namespace $Ns -PassThru
            }
            $info.Output.Count | Should -Be 1
            $context = $info.Output[0]
            $context | Should -BeOfType ([Kube.PowerShell.Cmdlets.Contexts.KubeContextInfo])
            $context.Name | Should -Be 'kube-ps-viewer'
            $context.IsCurrent | Should -BeTrue
            $context.Namespace | Should -Be $Ns
            $context.User | Should -Be 'kube-ps-viewer'
            $context.Server | Should -Be $ClusterServer
        }

        It 'without -PassThru returns nothing' {
            (Invoke-InNewRunspace -Script { Set-KubeContext kube-ps-viewer }).Output | Should -BeNullOrEmpty
        }

        It '-WhatIf changes nothing' {
            $result = Invoke-InNewRunspace -Script {
                Set-KubeContext kube-ps-viewer -WhatIf
                (Get-KubeContext -Current).Name
            }
            $result.Output | Should -Be @('kube-ps-admin')
        }

        It '-Kubeconfig makes the session use that file' {
            $copy = Join-Path $TestDrive 'session.kubeconfig'
            Copy-Item $ClusterKubeconfig $copy
            $hash = (Get-FileHash $copy).Hash
            $result = Invoke-InNewRunspace -Parameters @{ Copy = $copy } -Script {
                param($Copy)
                Set-KubeContext kube-ps-cert -Kubeconfig $Copy
                $current = Get-KubeContext -Current
                $current.Name
                $current.Source
            }
            $result.Output | Should -Be @('kube-ps-cert', $copy)
            (Get-FileHash $copy).Hash | Should -Be $hash
        }

        It 'an unknown context is ContextNotFound, listing the known ones, and changes nothing' {
            $result = Invoke-InNewRunspace -Script {
                try { Set-KubeContext 'nope' } catch { $_ }
                (Get-KubeContext -Current).Name
            }
            $err = $result.Output[0]
            $err.FullyQualifiedErrorId | Should -Be 'ContextNotFound,Kube.PowerShell.Cmdlets.Contexts.SetKubeContextCommand'
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err.TargetObject | Should -Be 'nope'
            $err.Exception.Message | Should -Be "Context `"nope`" is not defined in $ClusterKubeconfig (known contexts: kube-ps-admin, kube-ps-cert, kube-ps-viewer)."
            $result.Output[1] | Should -Be 'kube-ps-admin'
        }
    }

    Context '-Persist, on a copy of the kubeconfig' {
        BeforeEach {
            $script:Copy = New-RichKubeconfig (Join-Path $TestDrive 'rich.kubeconfig')
            $script:Original = Get-Content -Raw $Copy
        }

        It 'writes current-context and the namespace; every other byte stays as it was' {
            $result = Invoke-InNewRunspace -Parameters @{ Copy = $Copy; Ns = $Ns } -Script {
                param($Copy, $Ns)
                Set-KubeContext kube-ps-viewer -Namespace $Ns -Persist -Kubeconfig $Copy
            }
            $result.Errors | Should -BeNullOrEmpty
            $viewerContext = "    user: kube-ps-viewer`n    namespace: default`n"
            $Original | Should -Match ([regex]::Escape($viewerContext))
            $expected = $Original.Replace($viewerContext, "    user: kube-ps-viewer`n    namespace: $Ns`n").
                Replace("current-context: kube-ps-admin`n", "current-context: kube-ps-viewer`n")
            $written = Get-Content -Raw $Copy
            # kubectl and this module end the file with a newline; the copy was written without.
            $written.TrimEnd("`n") | Should -BeExactly $expected.TrimEnd("`n")
        }

        It 'kubectl reads the change, and the file still works for both' {
            $null = Invoke-InNewRunspace -Parameters @{ Copy = $Copy; Ns = $Ns } -Script {
                param($Copy, $Ns)
                Set-KubeContext kube-ps-viewer -Namespace $Ns -Persist -Kubeconfig $Copy
            }
            (& kubectl --kubeconfig $Copy config current-context) | Should -Be 'kube-ps-viewer'
            (& kubectl --kubeconfig $Copy get pods -o name) | Should -Be 'pod/only-here'
            Get-KubeconfigValue $Copy "{.users[?(@.name=='exec-user')].user.exec.installHint}" | Should -Be 'install get-token from the ops repository'
            Get-KubeconfigValue $Copy '{.preferences.extensions[0].name}' | Should -Be 'pester.example.com/preference'
            # A new session without any choice of its own follows the file.
            $fresh = Invoke-InNewRunspace -Parameters @{ Copy = $Copy } -Script {
                param($Copy)
                @(Get-KubePod -Kubeconfig $Copy).Name
                (Get-KubeContext -Current -Kubeconfig $Copy).Namespace
            }
            $fresh.Output | Should -Be @('only-here', $Ns)
        }

        It '-Namespace alone with -Persist changes only that context''s namespace' {
            $null = Invoke-InNewRunspace -Parameters @{ Copy = $Copy; Ns = $Ns } -Script {
                param($Copy, $Ns)
                Set-KubeContext -Namespace $Ns -Persist -Kubeconfig $Copy
            }
            $adminContext = "    user: kube-ps-admin`n    namespace: default`n"
            $expected = $Original.Replace($adminContext, "    user: kube-ps-admin`n    namespace: $Ns`n")
            (Get-Content -Raw $Copy).TrimEnd("`n") | Should -BeExactly $expected.TrimEnd("`n")
        }

        It 'a context without a namespace gets one' {
            $null = Invoke-InNewRunspace -Parameters @{ Copy = $Copy } -Script {
                param($Copy)
                Set-KubeContext exec-context -Namespace 'team-x' -Persist -Kubeconfig $Copy
            }
            Get-KubeconfigValue $Copy "{.contexts[?(@.name=='exec-context')].context.namespace}" | Should -Be 'team-x'
            Get-KubeconfigValue $Copy '{.current-context}' | Should -Be 'exec-context'
            Get-KubeconfigValue $Copy "{.users[?(@.name=='exec-user')].user.exec.command}" | Should -Be '/usr/local/bin/get-token'
        }

        It '-WhatIf writes nothing' {
            $result = Invoke-InNewRunspace -Parameters @{ Copy = $Copy } -Script {
                param($Copy)
                Set-KubeContext kube-ps-viewer -Persist -Kubeconfig $Copy -WhatIf
            }
            $result.Errors | Should -BeNullOrEmpty
            Get-Content -Raw $Copy | Should -BeExactly $Original
        }

        It 'reports the file it wrote in the verbose stream' {
            $result = Invoke-InNewRunspace -Parameters @{ Copy = $Copy } -Script {
                param($Copy)
                Set-KubeContext kube-ps-viewer -Persist -Kubeconfig $Copy -Verbose 4>&1 | ForEach-Object { "$_" }
            }
            $result.Output | Should -Contain "Wrote $Copy"
        }
    }

    Context 'tab completion' {
        It 'completes context names' {
            $line = 'Set-KubeContext kube-ps-v'
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
            @($completions.CompletionText) | Should -Be @('kube-ps-viewer')
            $completions[0].ToolTip | Should -Be 'kube-ps-viewer: cluster kube-ps-local, user kube-ps-viewer, namespace default'
        }

        It 'completes namespaces for -Namespace' {
            $line = 'Set-KubeContext -Namespace kube-s'
            @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Contain 'kube-system'
        }
    }
}
