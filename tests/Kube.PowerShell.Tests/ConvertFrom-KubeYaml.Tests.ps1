# ConvertFrom-KubeYaml: text, piped lines and files to typed models or Unstructured objects;
# multi-document streams; per-document errors naming the file and line; a round trip through
# kubectl's own output.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')

    $script:Manifest = @'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: main
        image: nginx:1.25
        ports:
        - containerPort: 80
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: blue
  namespace: shop
zeta: last-first
spec:
  size: 3
  tags: [a, b]
alpha: 1
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data:
  retries: "3"
  enabled: "true"
'@
    $script:ManifestFile = Join-Path $TestDrive 'app.yaml'
    Set-Content -Path $ManifestFile -Value $Manifest
}

Describe 'ConvertFrom-KubeYaml' -Tag 'Cmdlet', 'Yaml' {
    Context 'objects' {
        It 'reads each document of a stream, typed where the kind has a model' {
            $objects = @(ConvertFrom-KubeYaml $Manifest)
            $objects.Count | Should -Be 3
            $objects[0] | Should -BeOfType ([Kube.Client.Models.AppsV1.Deployment])
            $objects[1] | Should -BeOfType ([Kube.Client.Models.Unstructured])
            $objects[2] | Should -BeOfType ([Kube.Client.Models.CoreV1.ConfigMap])
            $objects[0].Spec.Replicas | Should -Be 2
            $objects[0].Spec.Template.Spec.Containers[0].Ports[0].ContainerPortValue | Should -Be 80
            $objects[1].spec.tags | Should -Be @('a', 'b')
            $objects[2].Data['retries'] | Should -Be '3'
        }

        It 'gives every object Name and Namespace, and the generic view' {
            $objects = @(ConvertFrom-KubeYaml $Manifest)
            @($objects.Name) | Should -Be @('web', 'blue', 'settings')
            @($objects.Namespace) | Should -Be @('shop', 'shop', 'shop')
            $table = ConvertFrom-TableText ($objects | Format-Table | Out-String)
            $table.Columns | Should -Be @('NAMESPACE', 'NAME', 'KIND', 'AGE')
            @($table.Rows.KIND) | Should -Be @('Deployment', 'Widget', 'ConfigMap')
        }

        It '-AsUnstructured gives Unstructured objects that keep the file''s key order' {
            $objects = @(ConvertFrom-KubeYaml $Manifest -AsUnstructured)
            foreach ($o in $objects) { $o | Should -BeOfType ([Kube.Client.Models.Unstructured]) }
            @(($objects[1].ToJson() | ConvertFrom-Json).psobject.Properties.Name) |
                Should -Be @('apiVersion', 'kind', 'metadata', 'zeta', 'spec', 'alpha')
        }

        It 'reads the same objects from -Path, -LiteralPath and piped files' {
            @(ConvertFrom-KubeYaml -Path $ManifestFile).Name | Should -Be @('web', 'blue', 'settings')
            @(ConvertFrom-KubeYaml -Path (Join-Path $TestDrive 'app.*')).Name | Should -Be @('web', 'blue', 'settings')
            @(ConvertFrom-KubeYaml -LiteralPath $ManifestFile).Name | Should -Be @('web', 'blue', 'settings')
            @(Get-Item $ManifestFile | ConvertFrom-KubeYaml).Name | Should -Be @('web', 'blue', 'settings')
        }

        It 'joins piped lines (Get-Content) into one stream, and reads piped texts each on its own' {
            @(Get-Content $ManifestFile | ConvertFrom-KubeYaml).Name | Should -Be @('web', 'blue', 'settings')
            $one = "apiVersion: v1`nkind: ConfigMap`nmetadata:`n  name: one`n"
            $two = "apiVersion: v1`nkind: ConfigMap`nmetadata:`n  name: two`n"
            @($one, $two | ConvertFrom-KubeYaml).Name | Should -Be @('one', 'two')
        }

        It 'reads JSON, and expands a List kind into its items' {
            (ConvertFrom-KubeYaml '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"type":"Opaque"}').Type | Should -Be 'Opaque'
            $list = "apiVersion: v1`nkind: List`nitems:`n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}`n- {apiVersion: v1, kind: Service, metadata: {name: b}}`n"
            @(ConvertFrom-KubeYaml $list | ForEach-Object { $_.GetType().Name }) | Should -Be @('ConfigMap', 'Service')
        }

        It 'reads kubectl get -o yaml output to the same objects as kubectl get -o json' {
            $ns = 'kube-system'
            $yaml = (Invoke-Kubectl -n $ns get configmap extension-apiserver-authentication -o yaml --show-managed-fields).Output
            $typed = ConvertFrom-KubeYaml $yaml
            $typed | Should -BeOfType ([Kube.Client.Models.CoreV1.ConfigMap])
            $theirs = Get-KubectlJson configmap extension-apiserver-authentication -n $ns
            Compare-JsonTree $theirs (ConvertTo-ModelTree $typed) | Should -BeNullOrEmpty
            $unstructured = ConvertFrom-KubeYaml $yaml -AsUnstructured
            Compare-JsonTree $theirs ($unstructured.ToJson() | ConvertFrom-Json -AsHashtable -Depth 100) | Should -BeNullOrEmpty
        }
    }

    Context 'bad input' {
        It 'a YAML syntax error in a file is InvalidYaml and names the file, line and column' {
            $bad = Join-Path $TestDrive 'bad.yaml'
            Set-Content -Path $bad -Value "apiVersion: v1`nkind: ConfigMap`nmetadata:`n  name: x`n   bad: [`n"
            $errors = @()
            $out = ConvertFrom-KubeYaml -Path $bad -ErrorVariable errors -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidYaml,Kube.PowerShell.Cmdlets.Yaml.ConvertFromKubeYamlCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $errors[0].TargetObject | Should -Be $bad
            $errors[0].Exception.Message | Should -BeLike "$bad`: line 5, column *"
            $errors[0].Exception.Line | Should -Be 5
        }

        It 'a document without apiVersion or kind is InvalidManifest naming the document and line; the others still come out' {
            $file = Join-Path $TestDrive 'nokind.yaml'
            Set-Content -Path $file -Value "apiVersion: v1`nkind: ConfigMap`nmetadata: {name: a}`n---`nmetadata:`n  name: b`n---`napiVersion: v1`nmetadata: {name: c}`n---`napiVersion: v1`nkind: ConfigMap`nmetadata: {name: d}`n"
            $errors = @()
            $out = @(ConvertFrom-KubeYaml -Path $file -ErrorVariable errors -ErrorAction SilentlyContinue)
            @($out.Name) | Should -Be @('a', 'd')
            $errors.Count | Should -Be 2
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidManifest,*'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $errors[0].Exception.Message | Should -Be "$file`: line 5: document 2: has no apiVersion and kind (every object needs both, e.g. apiVersion: v1 and kind: ConfigMap)"
            $errors[1].Exception.Message | Should -BeLike "$file`: line 8: document 3: has no kind *"
        }

        It 'a field that does not fit its kind''s model is InvalidManifest, and -AsUnstructured reads it as it is' {
            $yaml = "apiVersion: apps/v1`nkind: Deployment`nmetadata: {name: x}`nspec:`n  replicas: many`n"
            $errors = @()
            $null = ConvertFrom-KubeYaml $yaml -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidManifest,*'
            $errors[0].Exception.Message | Should -Match 'Deployment x'
            $errors[0].Exception.Message | Should -Match 'AsUnstructured'
            (ConvertFrom-KubeYaml $yaml -AsUnstructured).spec.replicas | Should -Be 'many'
        }

        It '-Path to a missing file is PathNotFound (ObjectNotFound) naming the path' -TestCases @(
            @{ Parameter = 'Path' }, @{ Parameter = 'LiteralPath' }
        ) {
            param($Parameter)
            $missing = Join-Path $TestDrive 'missing.yaml'
            $errors = @()
            $arguments = @{ $Parameter = $missing }
            $null = ConvertFrom-KubeYaml @arguments -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,Kube.PowerShell.Cmdlets.Yaml.ConvertFromKubeYamlCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].Exception.Message | Should -Match ([regex]::Escape($missing))
        }

        It 'a missing file among several does not stop the others' {
            $errors = @()
            $out = ConvertFrom-KubeYaml -LiteralPath (Join-Path $TestDrive 'none.yaml'), $ManifestFile -ErrorVariable errors -ErrorAction SilentlyContinue
            @($out).Count | Should -Be 3
            $errors.Count | Should -Be 1
        }
    }
}
