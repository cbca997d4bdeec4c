# ConvertTo-KubeYaml: typed models, Unstructured objects, hashtables and PSCustomObjects to
# kubectl-style YAML; one multi-document stream; key order; round trips with ConvertFrom-KubeYaml
# and with kubectl.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')

    $script:Widget = @'
apiVersion: example.com/v1
kind: Widget
metadata:
  name: blue
  labels:
    zone: b
    app: widget
zeta: 1
spec:
  size: 3
  ratio: 0.5
  enabled: true
  version: '1.10'
  empty: {}
  list:
  - name: a
  - name: b
alpha: last
'@
}

Describe 'ConvertTo-KubeYaml' -Tag 'Cmdlet', 'Yaml' {
    It 'writes an Unstructured object back to the same YAML (key order, quoting, nesting)' {
        $u = ConvertFrom-KubeYaml $Widget -AsUnstructured
        ($u | ConvertTo-KubeYaml).TrimEnd() | Should -BeExactly $Widget.Replace("`r`n", "`n").TrimEnd()
    }

    It 'writes many pipeline objects as one stream separated by ---' {
        $yaml = @(
            [ordered]@{ apiVersion = 'v1'; kind = 'ConfigMap'; metadata = [ordered]@{ name = 'a' } }
            [ordered]@{ apiVersion = 'v1'; kind = 'ConfigMap'; metadata = [ordered]@{ name = 'b' } }
        ) | ConvertTo-KubeYaml
        $yaml | Should -HaveCount 1
        $yaml | Should -BeExactly "apiVersion: v1`nkind: ConfigMap`nmetadata:`n  name: a`n---`napiVersion: v1`nkind: ConfigMap`nmetadata:`n  name: b`n"
        @(ConvertFrom-KubeYaml $yaml).Name | Should -Be @('a', 'b')
    }

    It 'an array given to -InputObject writes one document per item' {
        $yaml = ConvertTo-KubeYaml -InputObject @([ordered]@{ a = 1 }, [ordered]@{ b = 2 })
        $yaml | Should -BeExactly "a: 1`n---`nb: 2`n"
    }

    It 'keeps the order of ordered hashtables and PSCustomObjects, and writes values as kubectl does' {
        $yaml = [pscustomobject]@{
            apiVersion = 'v1'; kind = 'ConfigMap'
            metadata = [ordered]@{ name = 'c'; labels = [ordered]@{ z = 'last'; a = 'first' } }
            data = [ordered]@{ count = '3'; flag = 'true'; empty = ''; when = [datetime]::new(2024, 1, 2, 3, 4, 5, [DateTimeKind]::Utc) }
            list = @(1, 'two', $true, $null)
        } | ConvertTo-KubeYaml
        $yaml | Should -BeExactly @"
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  labels:
    z: last
    a: first
data:
  count: '3'
  flag: 'true'
  empty: ''
  when: 2024-01-02T03:04:05Z
list:
- 1
- two
- true
- null

"@.Replace("`r`n", "`n")
    }

    It 'round-trips a typed object (typed -> YAML -> typed) to an equal object' {
        $deployment = ConvertFrom-KubeYaml @'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: main, image: 'nginx:1.25', resources: {limits: {cpu: 500m, memory: 1Gi}}, ports: [{containerPort: 80}]}
'@
        $again = $deployment | ConvertTo-KubeYaml | ConvertFrom-KubeYaml
        $again | Should -BeOfType ([Kube.Client.Models.AppsV1.Deployment])
        Compare-JsonTree (ConvertTo-ModelTree $deployment) (ConvertTo-ModelTree $again) | Should -BeNullOrEmpty
        ($deployment | ConvertTo-KubeYaml) | Should -BeLike "apiVersion: apps/v1`nkind: Deployment`n*"
    }

    It 'a typed object read from a list still gets its apiVersion and kind, in kubectl''s field order' {
        $cm = Get-KubeResource cm -Namespace kube-system | Select-Object -First 1
        $yaml = $cm | ConvertTo-KubeYaml
        $yaml | Should -BeLike "apiVersion: v1`ndata:`n*"
        $yaml | Should -Match "(?m)^kind: ConfigMap$"
        $kubectl = (Invoke-Kubectl -n kube-system get configmap $cm.Name -o yaml).Output
        @($yaml -split "`n" | Where-Object { $_ -match '^\S' } | ForEach-Object { ($_ -split ':')[0] }) |
            Should -Be @($kubectl -split "`r?`n" | Where-Object { $_ -match '^\S' } | ForEach-Object { ($_ -split ':')[0] })
    }

    It 'writes a live object as kubectl get -o json reads, field for field' {
        $cm = Get-KubeResource cm 'extension-apiserver-authentication' -Namespace kube-system
        $tree = $cm | ConvertTo-KubeYaml | ConvertFrom-KubeYaml -AsUnstructured
        $theirs = Get-KubectlJson configmap extension-apiserver-authentication -n kube-system
        Compare-JsonTree $theirs ($tree.ToJson() | ConvertFrom-Json -AsHashtable -Depth 100) | Should -BeNullOrEmpty
    }

    It 'an object without a YAML form is NotConvertible; the others are still written' {
        $errors = @()
        $yaml = [ordered]@{ a = 1 }, [ordered]@{ b = { 'script' } }, [ordered]@{ c = 3 } | ConvertTo-KubeYaml -ErrorVariable errors -ErrorAction SilentlyContinue
        $yaml | Should -BeExactly "a: 1`n---`nc: 3`n"
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'NotConvertible,Kube.PowerShell.Cmdlets.Yaml.ConvertToKubeYamlCommand'
        $errors[0].Exception.Message | Should -Match 'Input object 2 .*\$\.b is a script block'
    }
}
