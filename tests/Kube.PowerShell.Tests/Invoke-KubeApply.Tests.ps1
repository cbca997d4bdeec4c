# Invoke-KubeApply (server-side apply) against the local control plane, cross-checked with
# kubectl: created/configured/unchanged, conflicts between field managers and -Force, -DryRun,
# -WhatIf, multi-document manifests with failing documents, and a CRD's objects through every
# change cmdlet.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'apply'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    $script:Counter = 0
    function script:New-Name { $script:Counter++; "obj-$Counter" }
    function script:Get-Json([string] $Kind, [string] $Name) {
        $r = Invoke-Kubectl -n $Ns get $Kind $Name -o json --show-managed-fields
        if ($r.ExitCode -ne 0) { return $null }
        $r.Output | ConvertFrom-Json -AsHashtable -Depth 50
    }
    function script:ConfigMapYaml([string] $Name, [string] $Value = 'v', [string] $Key = 'key') {
        "apiVersion: v1`nkind: ConfigMap`nmetadata:`n  name: $Name`n  namespace: $Ns`ndata:`n  ${Key}: '$Value'`n"
    }
    function script:Write-Manifest([string] $FileName, [string[]] $Documents) {
        $path = Join-Path $TestDrive $FileName
        ($Documents -join "---`n") | Set-Content -Path $path -NoNewline
        $path
    }

    # A CRD in a group of its own, so runs never share it.
    $script:Group = "gw$([guid]::NewGuid().ToString('n').Substring(0, 8)).example.com"
    $script:CrdName = "widgets.$Group"
    $crd = @{
        apiVersion = 'apiextensions.k8s.io/v1'; kind = 'CustomResourceDefinition'
        metadata = @{ name = $CrdName }
        spec = @{
            group = $Group; scope = 'Namespaced'
            names = @{ plural = 'widgets'; singular = 'widget'; kind = 'Widget'; shortNames = @('wdg') }
            versions = @(@{
                    name = 'v1'; served = $true; storage = $true
                    schema = @{ openAPIV3Schema = @{ type = 'object'; properties = @{
                                spec = @{ type = 'object'; properties = @{
                                        size = @{ type = 'integer'; minimum = 1 }
                                        color = @{ type = 'string'; enum = @('red', 'green', 'blue') }
                                    } }
                            } } }
                })
        }
    }
    New-KubectlObject $crd
    (Invoke-Kubectl wait --for condition=established --timeout=60s "crd/$CrdName").ExitCode | Should -Be 0
    Wait-Until -Because "the API server serves $Group/v1" { (Invoke-Kubectl get --raw "/apis/$Group/v1").ExitCode -eq 0 -and ((Invoke-Kubectl get --raw /apis).Output -join '') -match [regex]::Escape("`"$Group/v1`"") }
    function script:WidgetYaml([string] $Name, $Size = 1, [string] $Color = 'red') {
        "apiVersion: $Group/v1`nkind: Widget`nmetadata:`n  name: $Name`n  namespace: $Ns`nspec:`n  size: $Size`n  color: $Color`n"
    }
}

AfterAll {
    Remove-TestNamespace $Ns
    $null = Invoke-Kubectl delete crd $CrdName --wait=false --ignore-not-found
}

Describe 'Invoke-KubeApply' -Tag 'Cmdlet', 'Invoke-KubeApply' {
    Context 'created, configured, unchanged' {
        It 'creates every object of a multi-document file, and a second apply is unchanged' {
            $a = New-Name; $b = New-Name
            $file = Write-Manifest 'two.yaml' (ConfigMapYaml $a 'one'), (ConfigMapYaml $b 'two')
            $first = @(Invoke-KubeApply $file)
            $first.Count | Should -Be 2
            $first.Action | Should -Be @('Created', 'Created')
            $first[0].Kind | Should -Be 'ConfigMap'
            $first[0].Name | Should -Be $a
            $first[0].Namespace | Should -Be $Ns
            $first[0].Source | Should -BeLike '*two.yaml, document 1 (line 1)'
            $first[1].Source | Should -BeLike '*two.yaml, document 2 (line *)'
            $first[0].Object | Should -BeOfType ([Kube.Client.Models.CoreV1.ConfigMap])
            $stored = Get-Json configmap $a
            $stored.data.key | Should -Be 'one'
            $stored.metadata.managedFields.manager | Should -Contain 'kube-powershell'
            ($stored.metadata.managedFields | Where-Object manager -EQ 'kube-powershell').operation | Should -Be 'Apply'
            Compare-JsonTree $stored (ConvertTo-ModelTree $first[0].Object) | Should -BeNullOrEmpty

            $second = @(Invoke-KubeApply $file)
            $second.Action | Should -Be @('Unchanged', 'Unchanged')
            (Get-Json configmap $a).metadata.resourceVersion | Should -Be $stored.metadata.resourceVersion
        }

        It 'a changed value is configured and kubectl sees it' {
            $name = New-Name
            (ConfigMapYaml $name 'before') | Invoke-KubeApply | Out-Null
            $result = (ConfigMapYaml $name 'after') | Invoke-KubeApply
            $result.Action | Should -Be 'Configured'
            (Get-Json configmap $name).data.key | Should -Be 'after'
        }

        It 'a field left out of the next apply is removed (the manager owned it)' {
            $name = New-Name
            "apiVersion: v1`nkind: ConfigMap`nmetadata: {name: $name, namespace: $Ns}`ndata: {a: '1', b: '2'}" | Invoke-KubeApply | Out-Null
            "apiVersion: v1`nkind: ConfigMap`nmetadata: {name: $name, namespace: $Ns}`ndata: {a: '1'}" | Invoke-KubeApply | Out-Null
            (Get-Json configmap $name).data.Keys | Should -Be @('a')
        }

        It 'applies a Deployment from a hashtable, defaulting the namespace to the context''s with -Namespace' {
            $result = @{
                apiVersion = 'apps/v1'; kind = 'Deployment'
                metadata = @{ name = 'api' }
                spec = @{ replicas = 1; selector = @{ matchLabels = @{ app = 'api' } }
                    template = @{ metadata = @{ labels = @{ app = 'api' } }; spec = @{ schedulerName = $NoScheduler; containers = @(@{ name = 'api'; image = 'nginx:1.25' }) } } }
            } | Invoke-KubeApply -Namespace $Ns
            $result.Action | Should -Be 'Created'
            $result.Object | Should -BeOfType ([Kube.Client.Models.AppsV1.Deployment])
            (Get-Json deployment api).spec.replicas | Should -Be 1
        }

        It 'writes a table with kubectl''s words' {
            $name = New-Name
            $text = (ConfigMapYaml $name) | Invoke-KubeApply | Out-String -Width 200
            $table = ConvertFrom-TableText $text
            $table.Columns | Should -Be @('NAMESPACE', 'KIND', 'NAME', 'ACTION')
            $table.Rows[0].ACTION | Should -Be 'created'
            $table.Rows[0].NAME | Should -Be $name
        }
    }

    Context 'dry run and -WhatIf' {
        It '-DryRun reports created and stores nothing' {
            $name = New-Name
            $result = (ConfigMapYaml $name) | Invoke-KubeApply -DryRun
            $result.Action | Should -Be 'Created'
            $result.DryRun | Should -BeTrue
            Get-Json configmap $name | Should -BeNullOrEmpty
        }

        It '-DryRun of a change reports configured, of no change unchanged, and stores nothing' {
            $name = New-Name
            (ConfigMapYaml $name 'stored') | Invoke-KubeApply | Out-Null
            $rv = (Get-Json configmap $name).metadata.resourceVersion
            ((ConfigMapYaml $name 'new') | Invoke-KubeApply -DryRun).Action | Should -Be 'Configured'
            ((ConfigMapYaml $name 'stored') | Invoke-KubeApply -DryRun).Action | Should -Be 'Unchanged'
            $after = Get-Json configmap $name
            $after.data.key | Should -Be 'stored'
            $after.metadata.resourceVersion | Should -Be $rv
        }

        It '-WhatIf changes nothing' {
            $name = New-Name
            (ConfigMapYaml $name) | Invoke-KubeApply -WhatIf | Should -BeNullOrEmpty
            Get-Json configmap $name | Should -BeNullOrEmpty
        }
    }

    Context 'conflicts between field managers' {
        It 'a field another manager owns is an ApplyConflict naming the manager and field; -Force takes it over' {
            $name = New-Name
            $file = Write-Manifest "$name.yaml" (ConfigMapYaml $name 'theirs')
            (Invoke-Kubectl apply --server-side --field-manager=other-team -f $file).ExitCode | Should -Be 0

            $out = (ConfigMapYaml $name 'ours') | Invoke-KubeApply -ErrorVariable errs -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'ApplyConflict*'
            $errs[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
            $errs[0].ErrorDetails.Message | Should -Match '"other-team"'
            $errs[0].ErrorDetails.Message | Should -Match '\.data\.key'
            $errs[0].ErrorDetails.RecommendedAction | Should -Match '-Force'
            (Get-Json configmap $name).data.key | Should -Be 'theirs'

            $forced = (ConfigMapYaml $name 'ours') | Invoke-KubeApply -Force
            $forced.Action | Should -Be 'Configured'
            $stored = Get-Json configmap $name
            $stored.data.key | Should -Be 'ours'
            $owner = $stored.metadata.managedFields | Where-Object { $_.fieldsV1.'f:data'.Contains('f:key') }
            $owner.manager | Should -Be 'kube-powershell'
        }

        It 'the same value owned by two managers is no conflict' {
            $name = New-Name
            $file = Write-Manifest "$name.yaml" (ConfigMapYaml $name 'same')
            (Invoke-Kubectl apply --server-side --field-manager=other-team -f $file).ExitCode | Should -Be 0
            (Invoke-KubeApply $file -FieldManager second).Action | Should -Be 'Configured'
            @((Get-Json configmap $name).metadata.managedFields.manager) | Should -Contain 'second'
        }
    }

    Context 'bad input' {
        It 'a multi-document apply with one object the server refuses applies the others and reports each' {
            $a = New-Name; $c = New-Name
            $bad = "apiVersion: v1`nkind: ConfigMap`nmetadata:`n  name: Not_Valid`n  namespace: $Ns`n"
            $file = Write-Manifest 'mixed.yaml' (ConfigMapYaml $a), $bad, (ConfigMapYaml $c)
            $results = @(Invoke-KubeApply $file -ErrorVariable errs -ErrorAction SilentlyContinue)
            $results.Name | Should -Be @($a, $c)
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'Invalid*'
            $errs[0].ErrorDetails.Message | Should -Match 'mixed\.yaml, document 2'
            Get-Json configmap $a | Should -Not -BeNullOrEmpty
            Get-Json configmap $c | Should -Not -BeNullOrEmpty
        }

        It 'a document without apiVersion or kind is an error naming the file and document; the others are applied' {
            $a = New-Name
            $file = Write-Manifest 'nokind.yaml' (ConfigMapYaml $a), "metadata:`n  name: orphan`n"
            $results = @(Invoke-KubeApply $file -ErrorVariable errs -ErrorAction SilentlyContinue)
            $results.Name | Should -Be @($a)
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidManifest*'
            $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $errs[0].Exception.Message | Should -Match 'nokind\.yaml'
            $errs[0].Exception.Message | Should -Match 'document 2'
            $errs[0].Exception.Message | Should -Match 'apiVersion and kind'
        }

        It 'a YAML syntax error names the file and line and applies nothing of that file' {
            $a = New-Name
            $file = Write-Manifest 'broken.yaml' (ConfigMapYaml $a), "apiVersion: v1`nkind: ConfigMap`nmetadata:`n  name: [unclosed`n"
            $results = @(Invoke-KubeApply $file -ErrorVariable errs -ErrorAction SilentlyContinue)
            $results | Should -BeNullOrEmpty
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidManifest*'
            $errs[0].Exception.Message | Should -Match 'broken\.yaml: line \d+'
            Get-Json configmap $a | Should -BeNullOrEmpty
        }

        It 'a -Path that does not exist is ItemNotFound' {
            $missing = Join-Path $TestDrive 'missing.yaml'
            $null = Invoke-KubeApply $missing -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'ItemNotFound*'
            $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errs[0].Exception | Should -BeOfType ([System.Management.Automation.ItemNotFoundException])
            $errs[0].TargetObject | Should -Be $missing
        }

        It 'a wildcard that matches nothing is ItemNotFound' {
            $null = Invoke-KubeApply (Join-Path $TestDrive 'nothing-*.yaml') -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'ItemNotFound*'
        }
    }

    Context 'a broken environment' {
        It 'credentials the server rejects end the command with Unauthorized, naming the server and not the token' {
            $token = 'pester-wrong-token-' + [guid]::NewGuid().ToString('n')
            $file = Join-Path $TestDrive 'wrong-token.kubeconfig'
            Copy-Item $ClusterKubeconfig $file
            $null = & kubectl --kubeconfig $file config set-credentials kube-ps-admin "--token=$token"
            $docs = (ConfigMapYaml (New-Name)), (ConfigMapYaml (New-Name))
            $e = { $docs | Invoke-KubeApply -Kubeconfig $file -ErrorAction SilentlyContinue } | Should -Throw -PassThru
            $e.FullyQualifiedErrorId | Should -BeLike 'Unauthorized,*'
            $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $e.ErrorDetails.Message | Should -Match ([regex]::Escape($ClusterServer))
            ($e | Out-String) + $e.Exception.ToString() | Should -Not -Match $token
        }
    }

    Context 'progress' {
        It 'shows progress for several objects and completes it' {
            $docs = 1..3 | ForEach-Object { ConfigMapYaml (New-Name) }
            $file = Write-Manifest 'three.yaml' $docs
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddCommand('Import-Module').AddParameter('Name', $ModuleManifest).AddStatement()
                $null = $ps.AddCommand('Invoke-KubeApply').AddParameter('Path', $file)
                $results = $ps.Invoke()
                $ps.Streams.Error | Should -BeNullOrEmpty
                $progress = @($ps.Streams.Progress | Where-Object ActivityId -EQ 0x4b6170)
            }
            finally { $ps.Dispose() }
            $results.Count | Should -Be 3
            $progress.Count | Should -BeGreaterThan 1
            $progress[0].Activity | Should -Be 'Applying'
            $progress[-1].RecordType | Should -Be 'Completed'
        }
    }
}

Describe 'Custom resources through the change cmdlets' -Tag 'Cmdlet', 'Invoke-KubeApply', 'CRD' {
    It 'creates, patches, applies and deletes a custom object, kubectl agreeing at each step' {
        $name = New-Name
        $created = (WidgetYaml $name 2 'red') | New-KubeResource
        $created | Should -BeOfType ([Kube.Client.Models.Unstructured])
        $created.Kind | Should -Be 'Widget'
        (Get-Json "widgets.$Group" $name).spec.size | Should -Be 2

        $patched = Update-KubeResource -Kind "widgets.$Group" -Name $name -Namespace $Ns -Patch @{ spec = @{ size = 5 } }
        $patched.NestedInt64([string[]]@('spec', 'size')) | Should -Be 5
        (Get-Json "widgets.$Group" $name).spec.size | Should -Be 5

        $json = Update-KubeResource -Kind wdg -Name $name -Namespace $Ns -Type Json -Patch '[{"op":"replace","path":"/spec/color","value":"blue"}]'
        $json.NestedString([string[]]@('spec', 'color')) | Should -Be 'blue'

        $applied = (WidgetYaml $name 7 'green') | Invoke-KubeApply -Force
        $applied.Action | Should -Be 'Configured'
        $applied.Object | Should -BeOfType ([Kube.Client.Models.Unstructured])
        $stored = Get-Json "widgets.$Group" $name
        $stored.spec.size | Should -Be 7
        $stored.spec.color | Should -Be 'green'
        # The first apply after updates by other managers can still move ownership on the next
        # one (the server drops the emptied Update entries), as with kubectl; after that it is still.
        $null = (WidgetYaml $name 7 'green') | Invoke-KubeApply -Force
        ((WidgetYaml $name 7 'green') | Invoke-KubeApply -Force).Action | Should -Be 'Unchanged'

        Remove-KubeResource -Kind Widget -ApiVersion "$Group/v1" -Name $name -Namespace $Ns -Wait -Confirm:$false
        Get-Json "widgets.$Group" $name | Should -BeNullOrEmpty
    }

    It 'a strategic merge patch of a custom object is refused with the server''s message' {
        $name = New-Name
        (WidgetYaml $name) | New-KubeResource | Out-Null
        $null = Update-KubeResource -Kind "widgets.$Group" -Name $name -Namespace $Ns -Type Strategic -Patch @{ spec = @{ size = 3 } } -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].Exception.StatusCode | Should -Be 415
        $errs[0].ErrorDetails.Message | Should -Match 'accepted media types include: application/json-patch\+json, application/merge-patch\+json'
        $errs[0].ErrorDetails.RecommendedAction | Should -Match '-Type Merge'
        (Get-Json "widgets.$Group" $name).spec.size | Should -Be 1
    }

    It 'an object that fails the schema is Invalid (422) with the failing fields, from apply and create' {
        $name = New-Name
        $null = (WidgetYaml $name 0 'purple') | Invoke-KubeApply -ErrorVariable applyErrs -ErrorAction SilentlyContinue
        $null = (WidgetYaml $name 0 'purple') | New-KubeResource -ErrorVariable createErrs -ErrorAction SilentlyContinue
        foreach ($e in @($applyErrs[0], $createErrs[0])) {
            $e.FullyQualifiedErrorId | Should -BeLike 'Invalid*'
            $e.CategoryInfo.Category | Should -Be 'InvalidData'
            $e.Exception.StatusCode | Should -Be 422
            $e.ErrorDetails.Message | Should -Match 'spec\.size'
            $e.ErrorDetails.Message | Should -Match 'spec\.color'
            $e.ErrorDetails.Message | Should -Match "Widget/$name"
        }
        Get-Json "widgets.$Group" $name | Should -BeNullOrEmpty
    }

    It 'a folder of custom objects and ConfigMaps applies in path order' {
        $w = New-Name; $c = New-Name
        $dir = Join-Path $TestDrive 'crd-folder'
        $null = New-Item -ItemType Directory $dir
        WidgetYaml $w | Set-Content (Join-Path $dir 'b-widget.yaml')
        ConfigMapYaml $c | Set-Content (Join-Path $dir 'a-config.json.yaml')
        $results = @(Invoke-KubeApply $dir)
        $results.Kind | Should -Be @('ConfigMap', 'Widget')
        $results.Action | Should -Be @('Created', 'Created')
    }
}
