# Set-KubeResource (update/replace) against the local control plane, cross-checked with kubectl.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'setres'
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
}

AfterAll { Remove-TestNamespace $Ns }

Describe 'Set-KubeResource' -Tag 'Cmdlet', 'Set-KubeResource' {
    It 'replaces the object: fields left out are removed, and kubectl agrees' {
        $name = New-ConfigMap
        $out = "apiVersion: v1`nkind: ConfigMap`nmetadata:`n  name: $name`n  namespace: $Ns`ndata:`n  c: '3'`n" | Set-KubeResource -Confirm:$false
        $out | Should -BeOfType ([Kube.Client.Models.CoreV1.ConfigMap])
        $stored = Get-Json configmap $name
        @($stored.data.Keys) | Should -Be @('c')
        Compare-JsonTree $stored (ConvertTo-ModelTree $out) -Ignore 'metadata.managedFields' | Should -BeNullOrEmpty
    }

    It 'updates an object read and changed in PowerShell' {
        $name = New-ConfigMap
        $read = "apiVersion: v1`nkind: ConfigMap`nmetadata: {name: $name, namespace: $Ns}`ndata: {a: '1', b: '2'}" | Set-KubeResource -Confirm:$false
        $read.Data['a'] = 'changed'
        $out = $read | Set-KubeResource -Confirm:$false
        $out.Data['a'] | Should -Be 'changed'
        (Get-Json configmap $name).data.a | Should -Be 'changed'
    }

    It 'a stale resourceVersion is a Conflict (ResourceBusy) and the stored object is kept' {
        $name = New-ConfigMap
        $stale = Get-Json configmap $name
        (Invoke-Kubectl -n $Ns patch configmap $name --type=merge -p '{"data":{"a":"someone else"}}').ExitCode | Should -Be 0
        $stale.data.a = 'mine'
        $null = $stale | Set-KubeResource -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Conflict*'
        $errs[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        $errs[0].ErrorDetails.Message | Should -Match "ConfigMap/$name"
        (Get-Json configmap $name).data.a | Should -Be 'someone else'
    }

    It 'updates a Deployment from a file' {
        New-KubectlObject @{
            apiVersion = 'apps/v1'; kind = 'Deployment'; metadata = @{ name = 'web'; namespace = $Ns }
            spec = @{ replicas = 1; selector = @{ matchLabels = @{ app = 'web' } }; template = @{ metadata = @{ labels = @{ app = 'web' } }; spec = @{ schedulerName = $NoScheduler; containers = @(@{ name = 'web'; image = 'nginx:1.25' }) } } }
        }
        $file = Join-Path $TestDrive 'web.yaml'
        @"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: $Ns
spec:
  replicas: 4
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      schedulerName: $NoScheduler
      containers:
      - name: web
        image: nginx:1.26
"@ | Set-Content $file
        $out = Set-KubeResource -Path $file -Confirm:$false
        $out | Should -BeOfType ([Kube.Client.Models.AppsV1.Deployment])
        $stored = Get-Json deployment web
        $stored.spec.replicas | Should -Be 4
        $stored.spec.template.spec.containers[0].image | Should -Be 'nginx:1.26'
    }

    It '-DryRun and -WhatIf store nothing' {
        $name = New-ConfigMap
        $yaml = "apiVersion: v1`nkind: ConfigMap`nmetadata: {name: $name, namespace: $Ns}`ndata: {a: 'x'}"
        ($yaml | Set-KubeResource -DryRun -Confirm:$false).Data['a'] | Should -Be 'x'
        $yaml | Set-KubeResource -WhatIf | Should -BeNullOrEmpty
        (Get-Json configmap $name).data.a | Should -Be '1'
    }

    It 'a missing object is NotFound' {
        $null = "apiVersion: v1`nkind: ConfigMap`nmetadata: {name: nothing-here, namespace: $Ns}" | Set-KubeResource -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NotFound*'
    }
}
