# Update-KubeResource (patch) against the local control plane, cross-checked with kubectl:
# merge, JSON and strategic merge patches of ConfigMaps and Deployments, by -Kind/-Name and by
# input object; -DryRun, -WhatIf and patches that cannot be read.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'patch'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    $script:Counter = 0
    function script:New-ConfigMap {
        $script:Counter++
        $name = "cm-$Counter"
        (Invoke-Kubectl -n $Ns create configmap $name --from-literal=a=1 --from-literal=b=2).ExitCode | Should -Be 0
        $name
    }
    function script:Get-Json([string] $Kind, [string] $Name) {
        $r = Invoke-Kubectl -n $Ns get $Kind $Name -o json
        if ($r.ExitCode -ne 0) { return $null }
        $r.Output | ConvertFrom-Json -AsHashtable -Depth 50
    }
    New-KubectlObject @{
        apiVersion = 'apps/v1'; kind = 'Deployment'
        metadata = @{ name = 'web'; namespace = $Ns }
        spec = @{
            replicas = 1
            selector = @{ matchLabels = @{ app = 'web' } }
            template = @{ metadata = @{ labels = @{ app = 'web' } }; spec = @{ schedulerName = $NoScheduler; containers = @(
                        @{ name = 'web'; image = 'nginx:1.25' }
                        @{ name = 'sidecar'; image = 'busybox:1.36' }
                    ) } }
        }
    }
}

AfterAll { Remove-TestNamespace $Ns }

Describe 'Update-KubeResource' -Tag 'Cmdlet', 'Update-KubeResource' {
    It 'a merge patch (hashtable) changes one key, removes another with $null, and kubectl agrees' {
        $name = New-ConfigMap
        $out = Update-KubeResource -Kind cm -Name $name -Namespace $Ns -Type Merge -Patch @{ data = @{ a = 'changed'; b = $null } }
        $out | Should -BeOfType ([Kube.Client.Models.CoreV1.ConfigMap])
        $stored = Get-Json configmap $name
        $stored.data.a | Should -Be 'changed'
        $stored.data.Contains('b') | Should -BeFalse
        Compare-JsonTree $stored (ConvertTo-ModelTree $out) -Ignore 'metadata.managedFields' | Should -BeNullOrEmpty
    }

    It 'a JSON patch (text) applies its operations' {
        $name = New-ConfigMap
        Update-KubeResource ConfigMap $name -Namespace $Ns -Type Json -Patch '[{"op":"add","path":"/data/c","value":"3"},{"op":"remove","path":"/data/a"}]' | Out-Null
        $stored = Get-Json configmap $name
        $stored.data.c | Should -Be '3'
        $stored.data.Contains('a') | Should -BeFalse
    }

    It 'a JSON patch whose test fails changes nothing' {
        $name = New-ConfigMap
        $null = Update-KubeResource ConfigMap $name -Namespace $Ns -Type Json -Patch @(@{ op = 'test'; path = '/data/a'; value = 'other' }, @{ op = 'replace'; path = '/data/b'; value = 'x' }) -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        (Get-Json configmap $name).data.b | Should -Be '2'
    }

    It 'a strategic merge patch merges the containers of a Deployment by name' {
        $patch = "spec:`n  template:`n    spec:`n      containers:`n      - name: web`n        image: nginx:1.26`n"
        $out = Update-KubeResource deploy web -Namespace $Ns -Type Strategic -Patch $patch
        $out | Should -BeOfType ([Kube.Client.Models.AppsV1.Deployment])
        $containers = (Get-Json deployment web).spec.template.spec.containers
        $containers.name | Should -Be @('web', 'sidecar')
        ($containers | Where-Object name -EQ 'web').image | Should -Be 'nginx:1.26'
    }

    It 'without -Type a built-in kind gets a strategic merge patch' {
        Update-KubeResource deploy web -Namespace $Ns -Patch @{ spec = @{ template = @{ spec = @{ containers = @(@{ name = 'sidecar'; image = 'busybox:1.37' }) } } } } | Out-Null
        $containers = (Get-Json deployment web).spec.template.spec.containers
        $containers.Count | Should -Be 2
        ($containers | Where-Object name -EQ 'sidecar').image | Should -Be 'busybox:1.37'
    }

    It 'patches objects from the pipeline, each by its own kind, name and namespace' {
        $a = New-ConfigMap; $b = New-ConfigMap
        $objects = @($a, $b | ForEach-Object { @{ apiVersion = 'v1'; kind = 'ConfigMap'; metadata = @{ name = $_; namespace = $Ns } } })
        $out = @($objects | Update-KubeResource -Type Merge -Patch @{ metadata = @{ labels = @{ patched = 'yes' } } })
        $out.Count | Should -Be 2
        (Get-Json configmap $a).metadata.labels.patched | Should -Be 'yes'
        (Get-Json configmap $b).metadata.labels.patched | Should -Be 'yes'
    }

    It '-DryRun returns the patched object and stores nothing' {
        $name = New-ConfigMap
        $out = Update-KubeResource cm $name -Namespace $Ns -Type Merge -Patch @{ data = @{ a = 'dry' } } -DryRun
        $out.Data['a'] | Should -Be 'dry'
        (Get-Json configmap $name).data.a | Should -Be '1'
    }

    It '-WhatIf sends nothing' {
        $name = New-ConfigMap
        Update-KubeResource cm $name -Namespace $Ns -Type Merge -Patch @{ data = @{ a = 'what' } } -WhatIf | Should -BeNullOrEmpty
        (Get-Json configmap $name).data.a | Should -Be '1'
    }

    It 'a patch that is not valid YAML is InvalidPatch with its line, and nothing is sent' {
        $name = New-ConfigMap
        { Update-KubeResource cm $name -Namespace $Ns -Type Merge -Patch "data:`n  a: [open" -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidPatch*' -ExpectedMessage '*-Patch: line*'
    }

    It 'a merge patch that is a list says to use -Type Json' {
        { Update-KubeResource cm x -Namespace $Ns -Type Merge -Patch '[1]' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidPatch*' -ExpectedMessage '*-Type Json*'
    }

    It 'a missing object is NotFound' {
        $null = Update-KubeResource cm does-not-exist -Namespace $Ns -Type Merge -Patch @{ data = @{ a = '1' } } -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NotFound*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
