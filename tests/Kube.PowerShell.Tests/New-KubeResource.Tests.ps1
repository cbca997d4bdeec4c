# New-KubeResource against the local control plane, cross-checked with kubectl: objects from the
# pipeline (hashtables, PSCustomObjects, typed models, Unstructured, YAML and JSON text), files,
# folders and wildcards; -DryRun, -WhatIf, and input that is not an object.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'newres'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    $script:Counter = 0
    function script:New-Name { $script:Counter++; "cm-$Counter" }
    function script:Get-Cm([string] $Name) {
        $r = Invoke-Kubectl -n $Ns get configmap $Name -o json
        if ($r.ExitCode -ne 0) { return $null }
        $r.Output | ConvertFrom-Json -AsHashtable
    }
    function script:ConfigMapYaml([string] $Name, [string] $Value = 'v') {
        "apiVersion: v1`nkind: ConfigMap`nmetadata:`n  name: $Name`n  namespace: $Ns`ndata:`n  key: $Value`n"
    }
}

AfterAll { Remove-TestNamespace $Ns }

Describe 'New-KubeResource' -Tag 'Cmdlet', 'New-KubeResource' {
    Context 'objects from the pipeline' {
        It 'creates a ConfigMap from a hashtable and writes the typed model kubectl then reads' {
            $name = New-Name
            $out = @{ apiVersion = 'v1'; kind = 'ConfigMap'; metadata = @{ name = $name; namespace = $Ns }; data = @{ a = '1' } } | New-KubeResource
            $out | Should -BeOfType ([Kube.Client.Models.CoreV1.ConfigMap])
            $stored = Get-Cm $name
            $stored.data.a | Should -Be '1'
            $out.Metadata.Uid | Should -Be $stored.metadata.uid
            $differences = Compare-JsonTree $stored (ConvertTo-ModelTree $out) -Ignore 'metadata.managedFields'
            $differences | Should -BeNullOrEmpty
        }

        It 'creates from a PSCustomObject, defaulting the namespace to -Namespace' {
            $name = New-Name
            [pscustomobject]@{ apiVersion = 'v1'; kind = 'ConfigMap'; metadata = [pscustomobject]@{ name = $name }; data = [pscustomobject]@{ b = '2' } } |
                New-KubeResource -Namespace $Ns | Out-Null
            (Get-Cm $name).data.b | Should -Be '2'
        }

        It 'creates every document of multi-document YAML text' {
            $a = New-Name; $b = New-Name
            $out = @(((ConfigMapYaml $a), (ConfigMapYaml $b)) -join "---`n" | New-KubeResource)
            $out.Count | Should -Be 2
            Get-Cm $a | Should -Not -BeNullOrEmpty
            Get-Cm $b | Should -Not -BeNullOrEmpty
        }

        It 'creates from JSON text' {
            $name = New-Name
            @{ apiVersion = 'v1'; kind = 'ConfigMap'; metadata = @{ name = $name; namespace = $Ns }; data = @{ j = 'x' } } | ConvertTo-Json -Depth 5 | New-KubeResource | Out-Null
            (Get-Cm $name).data.j | Should -Be 'x'
        }

        It 'creates from a typed model and from an Unstructured object' {
            $a = New-Name; $b = New-Name
            $typed = [Kube.Client.Models.CoreV1.ConfigMap]::new()
            $typed.Metadata = [Kube.Client.Models.MetaV1.ObjectMeta]@{ Name = $a; Namespace = $Ns }
            $u = [Kube.Client.Models.Unstructured]::new('v1', 'ConfigMap')
            $u.SetNestedField([System.Text.Json.Nodes.JsonValue]::Create($b), [string[]]@('metadata', 'name'))
            $typed, $u | New-KubeResource -Namespace $Ns | Out-Null
            Get-Cm $a | Should -Not -BeNullOrEmpty
            Get-Cm $b | Should -Not -BeNullOrEmpty
        }

        It 'creates a Deployment with its typed model and kubectl sees the same spec' {
            $deployment = @{
                apiVersion = 'apps/v1'; kind = 'Deployment'
                metadata = @{ name = 'web'; namespace = $Ns; labels = @{ app = 'web' } }
                spec = @{
                    replicas = 2
                    selector = @{ matchLabels = @{ app = 'web' } }
                    template = @{ metadata = @{ labels = @{ app = 'web' } }; spec = @{ schedulerName = $NoScheduler; containers = @(@{ name = 'web'; image = 'nginx:1.25' }) } }
                }
            }
            $out = $deployment | New-KubeResource
            $out | Should -BeOfType ([Kube.Client.Models.AppsV1.Deployment])
            $stored = Get-KubectlJson -n $Ns deployment web
            $stored.spec.replicas | Should -Be 2
            Compare-JsonTree $stored.spec (ConvertTo-ModelTree $out).spec -Ignore 'template.metadata.creationTimestamp' | Should -BeNullOrEmpty
        }
    }

    Context 'files' {
        It 'creates from a file, a folder (recursively) and a wildcard' {
            $a = New-Name; $b = New-Name; $c = New-Name; $d = New-Name
            $dir = Join-Path $TestDrive 'tree'
            $null = New-Item -ItemType Directory (Join-Path $dir 'sub')
            ConfigMapYaml $a | Set-Content (Join-Path $dir 'a.yaml')
            ConfigMapYaml $b | Set-Content (Join-Path $dir 'sub/b.yml')
            ConfigMapYaml $c | Set-Content (Join-Path $dir 'sub/ignored.txt')
            ConfigMapYaml $d | Set-Content (Join-Path $TestDrive 'wild-d.yaml')
            New-KubeResource -Path $dir | Out-Null
            New-KubeResource -Path (Join-Path $TestDrive 'wild-*.yaml') | Out-Null
            Get-Cm $a | Should -Not -BeNullOrEmpty
            Get-Cm $b | Should -Not -BeNullOrEmpty
            Get-Cm $c | Should -BeNullOrEmpty
            Get-Cm $d | Should -Not -BeNullOrEmpty
        }

        It 'creates from files piped from Get-ChildItem' {
            $name = New-Name
            $file = Join-Path $TestDrive "$name.yaml"
            ConfigMapYaml $name | Set-Content $file
            Get-Item $file | New-KubeResource | Out-Null
            Get-Cm $name | Should -Not -BeNullOrEmpty
        }
    }

    Context 'safety' {
        It '-WhatIf sends nothing and returns nothing' {
            $name = New-Name
            ConfigMapYaml $name | New-KubeResource -WhatIf | Should -BeNullOrEmpty
            Get-Cm $name | Should -BeNullOrEmpty
        }

        It 'ShouldProcess names the target as "Kind/name in namespace ns"' {
            $name = New-Name
            $verbose = ConfigMapYaml $name | New-KubeResource -DryRun -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            ($verbose.Message -join "`n") | Should -Match ([regex]::Escape("Create (server dry run)"" on target ""ConfigMap/$name in namespace $Ns"""))
        }

        It '-DryRun returns what the server would store and stores nothing' {
            $name = New-Name
            $out = ConfigMapYaml $name | New-KubeResource -DryRun
            $out.Metadata.Name | Should -Be $name
            Get-Cm $name | Should -BeNullOrEmpty
        }
    }

    Context 'errors, one object at a time' {
        It 'an existing object is AlreadyExists and the other objects are still created' {
            $a = New-Name; $b = New-Name
            ConfigMapYaml $a | New-KubeResource | Out-Null
            $out = @(((ConfigMapYaml $a), (ConfigMapYaml $b)) -join "---`n" | New-KubeResource -ErrorVariable errs -ErrorAction SilentlyContinue)
            $out.Count | Should -Be 1
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'AlreadyExists*'
            $errs[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            $errs[0].ErrorDetails.Message | Should -Match "ConfigMap/$a"
            $errs[0].ErrorDetails.Message | Should -Match 'pipeline input \d+, document 1'
            Get-Cm $b | Should -Not -BeNullOrEmpty
        }

        It 'a hashtable without kind is InvalidInputObject' {
            $null = @{ apiVersion = 'v1'; metadata = @{ name = 'x' } } | New-KubeResource -Namespace $Ns -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInputObject*'
            $errs[0].Exception.Message | Should -Match 'has no kind'
        }

        It 'a single line from Get-Content without -Raw says to use -Raw' {
            $null = 'apiVersion: v1' | New-KubeResource -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].Exception.Message | Should -Match 'Get-Content -Raw'
        }

        It 'an unknown kind is UnknownKind' {
            $null = @{ apiVersion = 'v1'; kind = 'ConfigMapp'; metadata = @{ name = 'x' } } | New-KubeResource -Namespace $Ns -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'UnknownKind*'
        }

        It 'an object naming another namespace than -Namespace is refused before anything is sent' {
            $name = New-Name
            $null = ConfigMapYaml $name | New-KubeResource -Namespace 'elsewhere' -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            Get-Cm $name | Should -BeNullOrEmpty
        }
    }
}
