# Get-KubeResource against the local control plane, cross-checked with kubectl: built-in kinds
# (typed output, as Get-KubePod's), a CRD made for this run (Unstructured output), names,
# selectors, scope, the pipeline, the view, completion and bad input.

BeforeDiscovery {
    # How a user may name the custom kind; filled in BeforeAll from the run's suffix.
    $script:KindForms = @('Kind', 'Plural', 'Singular', 'ShortName', 'FullyQualified', 'KindAndGroup')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')

    # Lower-case letters only, so the kind, plural and short name stay valid and unique to this run.
    $script:Suffix = -join ((1..6) | ForEach-Object { [char](97 + (Get-Random -Maximum 26)) })
    $script:Group = "$Suffix.genread.example.com"
    $script:Kind = 'Gadget' + $Suffix
    $script:Plural = 'gadget' + $Suffix + 's'
    $script:Singular = 'gadget' + $Suffix
    $script:Short = 'gd' + $Suffix
    $script:CrdName = "$Plural.$Group"
    $script:Forms = @{
        Kind = $Kind; Plural = $Plural; Singular = $Singular; ShortName = $Short
        FullyQualified = "$Plural.$Group"; KindAndGroup = "$Kind.$Group"
    }

    function script:New-TestCrd([string] $Group, [string] $Kind, [string] $Plural, [string] $Singular, [string[]] $ShortNames) {
        New-KubectlObject @{
            apiVersion = 'apiextensions.k8s.io/v1'; kind = 'CustomResourceDefinition'
            metadata = @{ name = "$Plural.$Group" }
            spec = @{
                group = $Group; scope = 'Namespaced'
                names = @{ kind = $Kind; plural = $Plural; singular = $Singular; shortNames = $ShortNames; listKind = "${Kind}List" }
                versions = @(@{
                        name = 'v1'; served = $true; storage = $true
                        schema = @{ openAPIV3Schema = @{ type = 'object'; properties = @{
                                    spec = @{ type = 'object'; properties = @{ size = @{ type = 'integer' }; color = @{ type = 'string' }; parts = @{ type = 'array'; items = @{ type = 'object'; properties = @{ name = @{ type = 'string' } } } } } }
                                } } }
                    })
            }
        }
        $wait = Invoke-Kubectl wait --for=condition=Established "crd/$Plural.$Group" --timeout=60s
        if ($wait.ExitCode -ne 0) { throw "CRD $Plural.$Group not established: $($wait.Output)" }
        # Established comes a moment before discovery lists the group.
        Wait-Until -TimeoutSeconds 60 -Because "discovery serves $Group" {
            (Invoke-Kubectl get --raw "/apis/$Group/v1").ExitCode -eq 0 -and ((Invoke-Kubectl get --raw /apis).Output -join '') -match [regex]::Escape("`"$Group/v1`"")
        }
    }

    function script:New-Gadget([string] $Namespace, [string] $Name, [int] $Size, [string] $Color) {
        New-KubectlObject @{
            apiVersion = "$Group/v1"; kind = $Kind
            metadata = @{ name = $Name; namespace = $Namespace; labels = @{ color = $Color; 'app.kubernetes.io/name' = 'gadget' } }
            spec = @{ size = $Size; color = $Color; parts = @(@{ name = 'bolt' }, @{ name = 'nut' }) }
        }
    }

    $script:Ns = New-TestName 'genread'
    $script:Ns2 = New-TestName 'genread2'
    foreach ($n in $Ns, $Ns2) { $null = Invoke-Kubectl create namespace $n }
    New-TestCrd -Group $Group -Kind $Kind -Plural $Plural -Singular $Singular -ShortNames @($Short)
    New-Gadget $Ns 'blue-small' 1 'blue'
    New-Gadget $Ns 'blue-large' 9 'blue'
    New-Gadget $Ns 'red-small' 2 'red'
    New-Gadget $Ns2 'blue-small' 3 'blue'
    $null = Invoke-Kubectl -n $Ns create configmap settings --from-literal=mode=fast
    $null = Invoke-Kubectl -n $Ns create configmap other --from-literal=mode=slow
    Wait-NamespaceReady $Ns
    New-TestPod -Namespace $Ns -Name 'web-1' -Labels @{ app = 'web' }
    New-TestPod -Namespace $Ns -Name 'web-2' -Labels @{ app = 'web' }

    # kubectl's object as a hashtable tree, and ours.
    function script:ConvertTo-Tree($Object) {
        $base = if ($Object -is [psobject]) { $Object.psobject.BaseObject } else { $Object }
        if ($base -is [Kube.Client.Models.Unstructured]) { return $base.ToJson() | ConvertFrom-Json -AsHashtable -Depth 100 }
        ConvertTo-ModelTree $base
    }
}

AfterAll {
    $null = Invoke-Kubectl delete crd $CrdName --wait=false --ignore-not-found
    if ($script:LateCrd) { $null = Invoke-Kubectl delete crd $LateCrd --wait=false --ignore-not-found }
    Remove-TestNamespace $Ns, $Ns2
}

Describe 'Get-KubeResource' -Tag 'Cmdlet', 'Integration', 'Generic' {
    Context 'a custom resource' {
        It 'reads a custom object named by its <Form>' -TestCases @($KindForms | ForEach-Object { @{ Form = $_ } }) {
            param($Form)
            $gadget = Get-KubeResource -Kind $Forms[$Form] -Name 'blue-small' -Namespace $Ns
            $gadget | Should -HaveCount 1
            $gadget | Should -BeOfType ([Kube.Client.Models.Unstructured])
            $gadget.Name | Should -Be 'blue-small'
            $gadget.Namespace | Should -Be $Ns
        }

        It 'returns what kubectl get -o json returns, field for field' {
            $ours = ConvertTo-Tree (Get-KubeResource -Kind $Short 'blue-large' -Namespace $Ns)
            $theirs = Get-KubectlJson $CrdName 'blue-large' -n $Ns
            Compare-JsonTree $theirs $ours | Should -BeNullOrEmpty
        }

        It 'lists every object of the namespace, as kubectl get does' {
            $expected = @((Invoke-Kubectl -n $Ns get $CrdName -o name).Output -split "`n" | ForEach-Object { ($_ -split '/')[-1] })
            @(Get-KubeResource -Kind $Kind -Namespace $Ns).Name | Should -Be $expected
        }

        It 'filters with wildcards, a label selector and a field selector' {
            @(Get-KubeResource $Kind 'blue-*' -Namespace $Ns).Name | Should -Be @('blue-large', 'blue-small')
            @(Get-KubeResource $Kind -Namespace $Ns -LabelSelector 'color=red').Name | Should -Be @('red-small')
            @(Get-KubeResource $Kind -Namespace $Ns -FieldSelector 'metadata.name!=red-small').Name | Should -Be @('blue-large', 'blue-small')
        }

        It 'reads every namespace with -AllNamespaces, and finds an exact name in each' {
            $all = @(Get-KubeResource $Kind -AllNamespaces)
            @($all | ForEach-Object { "$($_.Namespace)/$($_.Name)" } | Sort-Object) |
                Should -Be @("$Ns/blue-large", "$Ns/blue-small", "$Ns/red-small", "$Ns2/blue-small" | Sort-Object)
            @(Get-KubeResource $Kind 'blue-small' -AllNamespaces).Namespace | Sort-Object | Should -Be @($Ns, $Ns2 | Sort-Object)
        }

        It 'pages with -PageSize, one request per object, and still returns them all' {
            $trace = Get-KubeResource $Kind -Namespace $Ns -PageSize 1 -Verbose 4>&1
            $requests = @($trace | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match "^GET \S+/$Plural\?.*limit=1" })
            $requests.Count | Should -Be 3
            @($trace | Where-Object { $_ -is [Kube.Client.Models.Unstructured] }).Count | Should -Be 3
        }

        It 'reads nested fields as properties, as kubectl jsonpath does' {
            $gadget = Get-KubeResource $Kind 'blue-large' -Namespace $Ns
            $gadget.spec.size | Should -Be ([long](Invoke-Kubectl -n $Ns get $CrdName blue-large -o 'jsonpath={.spec.size}').Output)
            $gadget.spec.size | Should -BeOfType ([long])
            $gadget.spec.color | Should -Be 'blue'
            $gadget.metadata.labels.color | Should -Be 'blue'
            $gadget.metadata.labels['app.kubernetes.io/name'] | Should -Be 'gadget'
            $gadget.metadata.labels.'app.kubernetes.io/name' | Should -Be 'gadget'
            @($gadget.spec.parts.name) | Should -Be @('bolt', 'nut')
            $gadget.metadata.uid | Should -Be (Invoke-Kubectl -n $Ns get $CrdName blue-large -o 'jsonpath={.metadata.uid}').Output
            $gadget.spec.missing | Should -BeNullOrEmpty
        }

        It 'lists the JSON fields as properties (Get-Member, tab completion)' {
            $gadget = Get-KubeResource $Kind 'blue-large' -Namespace $Ns
            $names = @($gadget | Get-Member -MemberType Property | ForEach-Object Name)
            $names | Should -Contain 'spec'
            $names | Should -Contain 'metadata'
            @($gadget.spec | Get-Member -MemberType Property | ForEach-Object Name) | Should -Be @('color', 'parts', 'size')
        }

        It 'writes assignments to nested fields through to the object' {
            $gadget = Get-KubeResource $Kind 'blue-large' -Namespace $Ns
            $gadget.spec.size = 42
            $gadget.spec.parts[0].name = 'screw'
            $gadget.metadata.labels['tier'] = 'gold'
            $gadget.spec.color = $null
            $tree = $gadget.ToJson() | ConvertFrom-Json -AsHashtable
            $tree.spec.size | Should -Be 42
            $tree.spec.parts[0].name | Should -Be 'screw'
            $tree.metadata.labels.tier | Should -Be 'gold'
            $tree.spec.Contains('color') | Should -BeFalse
            $gadget.Labels['tier'] | Should -Be 'gold'
        }

        It 'shows kubectl''s columns for the custom resource (NAME and AGE without printer columns), after NAMESPACE' {
            $table = ConvertFrom-TableText (Get-KubeResource $Kind -Namespace $Ns | Format-Table | Out-String)
            $table.Columns | Should -Be @('NAMESPACE', 'NAME', 'AGE')
            $kubectl = @(ConvertFrom-KubectlTable (Invoke-Kubectl -n $Ns get $CrdName).Output)
            @($table.Rows.NAME) | Should -Be @($kubectl.NAME)
            foreach ($row in $table.Rows) {
                $row.NAMESPACE | Should -Be $Ns
                $row.AGE | Should -Match '^\d+(s|m\d*s?|h\d*m?|d\d*h?|y\d*d?)$'
            }
        }

        It 'finds a kind created after the mapper loaded (a miss refreshes discovery once)' {
            $null = Get-KubeResource $Kind -Namespace $Ns
            $late = 'late' + $Suffix
            $script:LateCrd = "${late}s.$Group"
            New-TestCrd -Group $Group -Kind ('Late' + $Suffix) -Plural "${late}s" -Singular $late -ShortNames @()
            New-KubectlObject @{ apiVersion = "$Group/v1"; kind = 'Late' + $Suffix; metadata = @{ name = 'one'; namespace = $Ns } }
            (Get-KubeResource -Kind ('Late' + $Suffix) -Namespace $Ns).Name | Should -Be 'one'
        }
    }

    Context 'built-in kinds' {
        It '-Kind Pod emits the same typed pods as Get-KubePod' {
            $generic = @(Get-KubeResource -Kind Pod -Namespace $Ns)
            $typed = @(Get-KubePod -Namespace $Ns)
            $generic.Count | Should -Be 2
            foreach ($pod in $generic) { $pod | Should -BeOfType ([Kube.Client.Models.CoreV1.Pod]) }
            for ($i = 0; $i -lt $typed.Count; $i++) {
                Compare-JsonTree (ConvertTo-Tree $typed[$i]) (ConvertTo-Tree $generic[$i]) -Ignore 'metadata.resourceVersion', 'metadata.managedFields' | Should -BeNullOrEmpty
            }
            # Get-KubePod's own view and properties apply.
            $generic[0].PodStatus | Should -Be 'Pending'
        }

        It '-Kind pods writes what Get-KubePod writes: the same type names, columns and rows, in every namespace too' {
            foreach ($scope in @(@{ Namespace = $Ns }, @{ AllNamespaces = $true; FieldSelector = "metadata.namespace=$Ns" })) {
                $generic = @(Get-KubeResource pods @scope)
                $typed = @(Get-KubePod @scope)
                $generic.Count | Should -Be $typed.Count
                $generic.Count | Should -BeGreaterThan 0
                for ($i = 0; $i -lt $typed.Count; $i++) {
                    $generic[$i].psobject.BaseObject | Should -BeOfType ([Kube.Client.Models.CoreV1.Pod])
                    @($generic[$i].PSTypeNames) | Should -Be @($typed[$i].PSTypeNames)
                    $generic[$i].Name | Should -Be $typed[$i].Name
                }
                $ours = ConvertFrom-TableText ($generic | Format-Table | Out-String)
                $theirs = ConvertFrom-TableText ($typed | Format-Table | Out-String)
                $ours.Columns | Should -Be $theirs.Columns
                @($ours.Rows.NAME) | Should -Be @($theirs.Rows.NAME)
                @($ours.Rows.STATUS) | Should -Be @($theirs.Rows.STATUS)
            }
        }

        It 'a typed ConfigMap equals kubectl get -o json' {
            $ours = Get-KubeResource cm 'settings' -Namespace $Ns
            $ours | Should -BeOfType ([Kube.Client.Models.CoreV1.ConfigMap])
            $theirs = Get-KubectlJson configmap settings -n $Ns
            Compare-JsonTree $theirs (ConvertTo-Tree $ours) | Should -BeNullOrEmpty
        }

        It 'typed kinds get Name, Namespace and Age, kubectl''s columns when read from the server, the generic view otherwise' {
            $cm = Get-KubeResource configmaps 'settings' -Namespace $Ns
            $cm.Name | Should -Be 'settings'
            $cm.Namespace | Should -Be $Ns
            $cm.Age | Should -BeOfType ([timespan])
            $table = ConvertFrom-TableText ($cm | Format-Table | Out-String)
            $table.Columns | Should -Be @('NAMESPACE', 'NAME', 'DATA', 'AGE')
            # The same object rebuilt from YAML has no row from the server: NAMESPACE, NAME, KIND, AGE.
            $copy = $cm | ConvertTo-KubeYaml | ConvertFrom-KubeYaml
            (ConvertFrom-TableText ($copy | Format-Table | Out-String)).Rows[0].KIND | Should -Be 'ConfigMap'
        }

        It 'reads a kind at the version given with -ApiVersion' {
            $hpaName = 'hpa-' + $Suffix
            New-KubectlObject @{
                apiVersion = 'autoscaling/v1'; kind = 'HorizontalPodAutoscaler'
                metadata = @{ name = $hpaName; namespace = $Ns }
                spec = @{ maxReplicas = 3; scaleTargetRef = @{ apiVersion = 'apps/v1'; kind = 'Deployment'; name = 'web' } }
            }
            (Get-KubeResource hpa $hpaName -Namespace $Ns -ApiVersion autoscaling/v2beta2).ApiVersion | Should -Be 'autoscaling/v2beta2'
            (Get-KubeResource hpa $hpaName -Namespace $Ns -ApiVersion autoscaling/v1).ApiVersion | Should -Be 'autoscaling/v1'
        }

        It 'ignores -Namespace for a cluster-scoped kind, and says so with -Verbose' {
            $trace = Get-KubeResource -Kind ns $Ns -Namespace 'elsewhere' -Verbose 4>&1
            @($trace | Where-Object { $_ -is [Kube.Client.Models.CoreV1.Namespace] }).Name | Should -Be $Ns
            @($trace | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain 'namespaces is cluster-scoped: -Namespace and -AllNamespaces do not apply and are ignored.'
        }
    }

    Context 'pipeline' {
        It 're-reads typed objects from Get-KubePod' {
            @(Get-KubePod -Namespace $Ns | Get-KubeResource).Name | Should -Be @('web-1', 'web-2')
        }

        It 're-reads Unstructured objects (and sees changes made since)' {
            $gadget = Get-KubeResource $Kind 'red-small' -Namespace $Ns
            $null = Invoke-Kubectl -n $Ns label $CrdName red-small fresh=yes
            ($gadget | Get-KubeResource).metadata.labels.fresh | Should -Be 'yes'
        }

        It 're-reads objects described by PSCustomObjects, each of its own kind' {
            $objects = @(
                [pscustomobject]@{ Kind = 'ConfigMap'; Name = 'other'; Namespace = $Ns }
                [pscustomobject]@{ Kind = $Short; Name = 'blue-small'; Namespace = $Ns2 }
                [pscustomobject]@{ Kind = 'Namespace'; Name = $Ns }
            ) | Get-KubeResource
            @($objects | ForEach-Object { "$($_.psobject.BaseObject.Kind)/$($_.Name)" }) | Should -Be @('ConfigMap/other', "$Kind/blue-small", "Namespace/$Ns")
        }

        It 're-reads the objects of a manifest' {
            $yaml = "apiVersion: $Group/v1`nkind: $Kind`nmetadata:`n  name: blue-large`n  namespace: $Ns`n"
            ($yaml | ConvertFrom-KubeYaml | Get-KubeResource).spec.size | Should -Be 9
        }
    }

    Context 'tab completion' {
        It 'completes -Kind with kinds, plurals and short names from discovery' {
            $line = "Get-KubeResource -Kind gadget$Suffix"
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
            @($completions.CompletionText) | Should -Contain $Kind
            @($completions.CompletionText) | Should -Contain $Plural
        }

        It 'completes -Kind with fully qualified names once the word has a dot' {
            $line = "Get-KubeResource -Kind $Plural."
            @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @("$Plural.$Group")
        }

        It 'completes -Name with the objects of the kind in the namespace' {
            $line = "Get-KubeResource -Kind $Short -Namespace $Ns -Name blue"
            @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @('blue-large', 'blue-small')
        }
    }

    Context 'bad input' {
        It 'an unknown kind is UnknownKind (ObjectNotFound) and suggests close names' {
            $errors = @()
            $out = Get-KubeResource -Kind podz -ErrorVariable errors -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $errors[0].FullyQualifiedErrorId | Should -Be 'UnknownKind,Kube.PowerShell.Cmdlets.Resources.GetKubeResourceCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be 'podz'
            $errors[0].Exception.Suggestions | Should -Contain 'pods'
            $errors[0].ErrorDetails.RecommendedAction | Should -Match 'Did you mean .*pods'
        }

        It 'a misspelt custom kind suggests the custom kind' {
            $errors = @()
            $null = Get-KubeResource -Kind ($Plural.Substring(0, $Plural.Length - 1) + 'z') -Namespace $Ns -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'UnknownKind,*'
            ($errors[0].Exception.Suggestions -join ' ') | Should -Match $Singular
        }

        It 'an unknown kind in the pipeline does not stop the other objects' {
            $errors = @()
            $out = @(
                [pscustomobject]@{ Kind = 'nosuchkind'; Name = 'x'; Namespace = $Ns }
                [pscustomobject]@{ Kind = 'cm'; Name = 'settings'; Namespace = $Ns }
            ) | Get-KubeResource -ErrorVariable errors -ErrorAction SilentlyContinue
            @($out).Name | Should -Be @('settings')
            $errors.Count | Should -Be 1
        }

        It 'a missing name is NotFound, as kubectl says it, and the other names are still read' {
            $errors = @()
            $out = Get-KubeResource $Kind 'blue-small', 'nope', 'red-small' -Namespace $Ns -ErrorVariable errors -ErrorAction SilentlyContinue
            @($out).Name | Should -Be @('blue-small', 'red-small')
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'NotFound,*'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $kubectl = (Invoke-Kubectl -n $Ns get $CrdName nope).Output
            $kubectl | Should -BeLike "*$($errors[0].Exception.Message)*"
        }

        It 'a malformed -ApiVersion is InvalidArgument and names what was expected' {
            $errors = @()
            $null = Get-KubeResource cm -ApiVersion 'a/b/c' -Namespace $Ns -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $errors[0].Exception.Message | Should -Match "group/version"
        }

        It 'an exact name with a selector is refused, as kubectl refuses it' {
            { Get-KubeResource cm 'settings' -Namespace $Ns -LabelSelector 'a=b' -ErrorAction Stop } | Should -Throw -ErrorId 'NameWithSelector,Kube.PowerShell.Cmdlets.Resources.GetKubeResourceCommand'
        }
    }
}
