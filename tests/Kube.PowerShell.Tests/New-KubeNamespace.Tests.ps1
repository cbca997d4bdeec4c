# New-KubeNamespace against the local control plane, cross-checked with kubectl.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Prefix = New-TestName 'newns'
    $script:Counter = 0
    $script:Pending = [System.Collections.Generic.List[string]]::new()
    # A fresh name for each use; AfterEach deletes whatever the test may have created.
    function script:Next-Name {
        $script:Counter++
        $name = "$Prefix-$Counter"
        $script:Pending.Add($name)
        $name
    }
    function script:Test-Exists([string] $Name) { (Invoke-Kubectl get namespace $Name -o name).ExitCode -eq 0 }
}

Describe 'New-KubeNamespace' -Tag 'Cmdlet', 'New-KubeNamespace' {
    AfterEach {
        Remove-TestNamespace $Pending
        $Pending.Clear()
    }

    Context 'creating' {
        It 'creates the namespace and returns what the server stored, field by field' {
            $name = Next-Name
            $created = New-KubeNamespace $name
            $created | Should -BeOfType ([Kube.Client.Models.CoreV1.Namespace])
            Compare-JsonTree (Get-KubectlJson namespace $name) (ConvertTo-ModelTree $created) | Should -BeNullOrEmpty
            $created.Phase | Should -Be 'Active'
        }

        It 'sets -Label and -Annotation' {
            $name = Next-Name
            $null = New-KubeNamespace $name -Label @{ team = 'a'; 'pester.example.com/tier' = 'gold' } -Annotation @{ 'pester.example.com/owner' = 'ops@example.com'; note = 'two words' }
            $stored = Get-KubectlJson namespace $name
            $stored.metadata.labels.team | Should -Be 'a'
            $stored.metadata.labels.'pester.example.com/tier' | Should -Be 'gold'
            $stored.metadata.annotations.'pester.example.com/owner' | Should -Be 'ops@example.com'
            $stored.metadata.annotations.note | Should -Be 'two words'
        }

        It 'creates several names in one call' {
            $names = (Next-Name), (Next-Name)
            @(New-KubeNamespace -Name $names).Name | Should -Be $names
            foreach ($n in $names) { Test-Exists $n | Should -BeTrue }
        }

        It 'through the client-certificate context' {
            $name = Next-Name
            (New-KubeNamespace $name -Context kube-ps-cert).Name | Should -Be $name
            Test-Exists $name | Should -BeTrue
        }
    }

    Context 'pipeline' {
        It "'a','b' | New-KubeNamespace creates both" {
            $names = (Next-Name), (Next-Name)
            @($names | New-KubeNamespace).Name | Should -Be $names
            foreach ($n in $names) { Test-Exists $n | Should -BeTrue }
        }

        It 'takes the name from objects with a Name property' {
            $name = Next-Name
            ([pscustomobject]@{ Name = $name } | New-KubeNamespace).Name | Should -Be $name
        }
    }

    Context 'safety' {
        It '-WhatIf creates nothing and returns nothing' {
            $name = Next-Name
            New-KubeNamespace $name -WhatIf | Should -BeNullOrEmpty
            Test-Exists $name | Should -BeFalse
        }

        It '-Confirm:$false creates without asking' {
            $name = Next-Name
            (New-KubeNamespace $name -Confirm:$false).Name | Should -Be $name
            Test-Exists $name | Should -BeTrue
        }

        It '-DryRun returns the namespace the server would create, and stores nothing' {
            $name = Next-Name
            $dry = New-KubeNamespace $name -DryRun -Label @{ team = 'dry' }
            $dry.Name | Should -Be $name
            $dry.Metadata.Labels['team'] | Should -Be 'dry'
            $dry.Status.Phase | Should -Be 'Active'
            Test-Exists $name | Should -BeFalse
            (Invoke-Kubectl get namespace $name).Output | Should -Match 'NotFound'
        }

        It '-DryRun still reports what the server would refuse' {
            $null = New-KubeNamespace 'default' -DryRun -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        }
    }

    Context 'refusals' {
        It 'an existing name is ResourceExists; the other names are still created' {
            $name = Next-Name
            $result = New-KubeNamespace 'default', $name -ErrorVariable errors -ErrorAction SilentlyContinue
            @($result).Name | Should -Be @($name)
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'AlreadyExists,Kube.PowerShell.Cmdlets.Namespaces.NewKubeNamespaceCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            $errors[0].TargetObject | Should -Be 'default'
            $errors[0].Exception.Message | Should -Be 'namespaces "default" already exists'
        }

        It 'an invalid name is the server''s 422 with the field at fault' {
            $null = New-KubeNamespace 'Bad_Name' -ErrorVariable errors -ErrorAction SilentlyContinue
            $e = $errors[0]
            $e.FullyQualifiedErrorId | Should -Be 'Invalid,Kube.PowerShell.Cmdlets.Namespaces.NewKubeNamespaceCommand'
            $e.CategoryInfo.Category | Should -Be 'InvalidData'
            $e.TargetObject | Should -Be 'Bad_Name'
            $e.Exception.StatusCode | Should -Be 422
            $e.Exception.Causes[0].Field | Should -Be 'metadata.name'
            $e.ErrorDetails.Message | Should -BeLike 'Namespace "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of*'
        }

        It 'an invalid label is refused with every field at fault' {
            $null = New-KubeNamespace (Next-Name) -Label @{ 'bad key!' = 'x'; ok = 'value with spaces' } -ErrorVariable errors -ErrorAction SilentlyContinue
            $e = $errors[0]
            $e.CategoryInfo.Category | Should -Be 'InvalidData'
            @($e.Exception.Causes.Field) | Should -Contain 'metadata.labels'
            $e.ErrorDetails.Message | Should -Match 'bad key!'
            $e.ErrorDetails.Message | Should -Match 'value with spaces'
        }

        It 'the viewer may not create: PermissionDenied with the server''s message' {
            $name = Next-Name
            $null = New-KubeNamespace $name -Context kube-ps-viewer -ErrorVariable errors -ErrorAction SilentlyContinue
            $e = $errors[0]
            $e.FullyQualifiedErrorId | Should -Be 'Forbidden,Kube.PowerShell.Cmdlets.Namespaces.NewKubeNamespaceCommand'
            $e.CategoryInfo.Category | Should -Be 'PermissionDenied'
            $e.TargetObject | Should -Be $name
            $e.Exception.Message | Should -Be 'namespaces is forbidden: User "kube-ps-viewer" cannot create resource "namespaces" in API group "" at the cluster scope'
            $e.ErrorDetails.RecommendedAction | Should -Match 'RBAC'
            Test-Exists $name | Should -BeFalse
        }

        It 'an empty name is refused before any request' {
            { New-KubeNamespace '' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Kube.PowerShell.Cmdlets.Namespaces.NewKubeNamespaceCommand'
        }
    }
}
