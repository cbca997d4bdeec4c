# kubectl's columns for every kind (issue 9 §1): objects from Get-, Watch- and Wait- cmdlets print
# the headers and cells kubectl get prints (-o wide: Format-Table -View Wide), for every built-in
# kind the server serves that has objects and for a CRD's additionalPrinterColumns, while staying
# typed (or Unstructured) objects.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    # Custom resources come and go with other tests; their groups are left out here (a CRD of our own is below).
    $crdGroups = @((& kubectl --kubeconfig $ClusterKubeconfig get crd -o 'jsonpath={.items[*].spec.group}' 2>$null) -split '\s+' | Where-Object { $_ })
    $script:ResourceCases = @(Get-KubeApiResource | Where-Object { $_.Verbs -contains 'list' -and $_.Group -notin $crdGroups } |
            Sort-Object Group, Name |
            ForEach-Object {
                $resource = if ($_.Group) { "$($_.Name).$($_.Group)" } else { $_.Name }
                foreach ($wide in $false, $true) { @{ Resource = $resource; Namespaced = [bool]$_.Namespaced; Wide = $wide; View = $(if ($wide) { '-o wide' } else { 'default' }) } }
            })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    # A PEM certificate request, base64 as a CertificateSigningRequest holds it.
    function script:New-TestCertificateRequest {
        $key = [System.Security.Cryptography.ECDsa]::Create()
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=pester-columns', $key, [System.Security.Cryptography.HashAlgorithmName]::SHA256)
        $pem = "-----BEGIN CERTIFICATE REQUEST-----`n" + [Convert]::ToBase64String($request.CreateSigningRequest(), 'InsertLineBreaks') + "`n-----END CERTIFICATE REQUEST-----`n"
        [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes($pem))
    }
    $script:Ns = New-TestName 'columns'
    $null = Invoke-Kubectl create namespace $Ns
    Wait-NamespaceReady $Ns
    # One object of most namespaced kinds; pods never run (no scheduler serves kube-ps-unscheduled).
    $manifest = @"
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: $Ns }
data: { mode: fast, retries: '3' }
---
apiVersion: v1
kind: Secret
metadata: { name: creds, namespace: $Ns }
stringData: { user: app }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: $Ns }
spec: { selector: { app: web }, ports: [ { name: http, port: 80, targetPort: 8080 }, { name: admin, port: 9000, protocol: UDP } ] }
---
apiVersion: v1
kind: Service
metadata: { name: nodeport, namespace: $Ns }
spec: { type: NodePort, selector: { app: web }, ports: [ { port: 81 } ] }
---
apiVersion: v1
kind: Service
metadata: { name: external, namespace: $Ns }
spec: { type: ExternalName, externalName: db.example.com }
---
apiVersion: v1
kind: Pod
metadata: { name: solo, namespace: $Ns, labels: { app: web } }
spec: { schedulerName: kube-ps-unscheduled, containers: [ { name: main, image: busybox:1.36 }, { name: side, image: busybox:1.36 } ] }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: robot, namespace: $Ns }
---
apiVersion: v1
kind: LimitRange
metadata: { name: limits, namespace: $Ns }
spec: { limits: [ { type: Container, default: { cpu: 100m } } ] }
---
apiVersion: v1
kind: ResourceQuota
metadata: { name: quota, namespace: $Ns }
spec: { hard: { pods: '50', configmaps: '40' } }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data, namespace: $Ns }
spec: { accessModes: [ ReadWriteOnce ], storageClassName: pester-none, resources: { requests: { storage: 1Gi } } }
---
apiVersion: v1
kind: ReplicationController
metadata: { name: legacy, namespace: $Ns }
spec: { replicas: 1, selector: { app: legacy }, template: { metadata: { labels: { app: legacy } }, spec: { schedulerName: kube-ps-unscheduled, containers: [ { name: main, image: busybox:1.36 } ] } } }
---
apiVersion: v1
kind: PodTemplate
metadata: { name: template, namespace: $Ns }
template: { metadata: { labels: { app: t } }, spec: { containers: [ { name: main, image: busybox:1.36 } ] } }
---
apiVersion: v1
kind: Event
metadata: { name: solo.pester, namespace: $Ns }
involvedObject: { kind: Pod, name: solo, namespace: $Ns, apiVersion: v1 }
reason: Tested
message: "a message with  two spaces"
type: Warning
count: 3
firstTimestamp: '2024-01-01T00:00:00Z'
lastTimestamp: '2024-01-02T00:00:00Z'
source: { component: pester }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: $Ns }
spec: { replicas: 2, selector: { matchLabels: { app: web } }, template: { metadata: { labels: { app: web } }, spec: { schedulerName: kube-ps-unscheduled, containers: [ { name: main, image: busybox:1.36 }, { name: side, image: busybox:1.36 } ] } } }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: $Ns }
spec: { replicas: 1, serviceName: web, selector: { matchLabels: { app: db } }, template: { metadata: { labels: { app: db } }, spec: { schedulerName: kube-ps-unscheduled, containers: [ { name: main, image: busybox:1.36 } ] } } }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: $Ns }
spec: { selector: { matchLabels: { app: agent } }, template: { metadata: { labels: { app: agent } }, spec: { schedulerName: kube-ps-unscheduled, nodeSelector: { pester-columns: never }, containers: [ { name: main, image: busybox:1.36 } ] } } }
---
apiVersion: batch/v1
kind: Job
metadata: { name: once, namespace: $Ns }
spec: { parallelism: 0, template: { spec: { schedulerName: kube-ps-unscheduled, restartPolicy: Never, containers: [ { name: main, image: busybox:1.36 } ] } } }
---
apiVersion: batch/v1beta1
kind: CronJob
metadata: { name: nightly, namespace: $Ns }
spec: { schedule: '0 3 * * *', suspend: true, jobTemplate: { spec: { template: { spec: { restartPolicy: Never, containers: [ { name: main, image: busybox:1.36 } ] } } } } }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: $Ns }
spec: { rules: [ { host: web.example.com, http: { paths: [ { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } } ] } } ] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny, namespace: $Ns }
spec: { podSelector: { matchLabels: { app: web } }, policyTypes: [ Ingress ] }
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: { name: web, namespace: $Ns }
spec: { minAvailable: 1, selector: { matchLabels: { app: web } } }
---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: { name: web, namespace: $Ns }
spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 80 }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader, namespace: $Ns }
rules: [ { apiGroups: [ '' ], resources: [ pods ], verbs: [ get, list ] } ]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: reader, namespace: $Ns }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects: [ { kind: ServiceAccount, name: robot, namespace: $Ns }, { kind: User, name: someone } ]
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: { name: leader, namespace: $Ns }
spec: { holderIdentity: pester-holder, leaseDurationSeconds: 30 }
"@
    # Cluster-scoped kinds the local cluster has none of, each inert (no default class, no webhook, no claim).
    $script:ClusterName = $Ns
    $manifest += @"

---
apiVersion: v1
kind: PersistentVolume
metadata: { name: $ClusterName }
spec: { capacity: { storage: 1Gi }, accessModes: [ ReadWriteOnce ], persistentVolumeReclaimPolicy: Retain, storageClassName: pester-none, hostPath: { path: /tmp/$ClusterName } }
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: $ClusterName }
provisioner: example.com/none
reclaimPolicy: Retain
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata: { name: $ClusterName.example.com }
spec: { attachRequired: false, podInfoOnMount: true }
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: $ClusterName }
spec: { controller: example.com/none }
---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: { name: $ClusterName }
handler: none
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: $ClusterName }
webhooks: []
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: { name: $ClusterName }
webhooks: []
"@
    $manifest += @"

---
apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata: { name: $ClusterName }
spec: { privileged: false, seLinux: { rule: RunAsAny }, runAsUser: { rule: MustRunAsNonRoot }, supplementalGroups: { rule: RunAsAny }, fsGroup: { rule: RunAsAny }, volumes: [ configMap ] }
---
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: { name: $ClusterName }
spec: { signerName: example.com/none, usages: [ digital signature ], request: $(New-TestCertificateRequest) }
"@
    $file = Join-Path $TestDrive 'columns.yaml'
    Set-Content -Path $file -Value $manifest
    $result = Invoke-Kubectl apply -f $file
    if ($result.ExitCode -ne 0) { throw "kubectl apply failed: $($result.Output)" }
    # The controllers' objects: ReplicaSets, ControllerRevisions, Endpoints, EndpointSlices.
    Wait-Until -TimeoutSeconds 60 -Because 'the controllers made their objects in the namespace' {
        (Invoke-Kubectl -n $Ns get 'replicasets,controllerrevisions,endpointslices' -o name).Output -split "`n" | Where-Object { $_ } | Measure-Object |
            ForEach-Object { $_.Count -ge 4 }
    }

    $script:Suffix = [guid]::NewGuid().ToString('n').Substring(0, 6)
    $script:Group = "pester-columns-$Suffix.example.com"
    $script:Kind = "Gauge$Suffix"
    $script:Plural = "gauges$Suffix"
    $crd = @{
        apiVersion = 'apiextensions.k8s.io/v1'; kind = 'CustomResourceDefinition'
        metadata = @{ name = "$Plural.$Group" }
        spec = @{
            group = $Group; scope = 'Namespaced'
            names = @{ kind = $Kind; plural = $Plural; singular = "gauge$Suffix"; listKind = "${Kind}List" }
            versions = @(@{
                    name = 'v1'; served = $true; storage = $true
                    schema = @{ openAPIV3Schema = @{ type = 'object'; 'x-kubernetes-preserve-unknown-fields' = $true } }
                    additionalPrinterColumns = @(
                        @{ name = 'Size'; type = 'integer'; jsonPath = '.spec.size' }
                        @{ name = 'Ratio'; type = 'number'; jsonPath = '.spec.ratio' }
                        @{ name = 'Enabled'; type = 'boolean'; jsonPath = '.spec.enabled' }
                        @{ name = 'Color'; type = 'string'; jsonPath = '.spec.color'; description = 'the colour' }
                        @{ name = 'Since'; type = 'date'; jsonPath = '.spec.since' }
                        @{ name = 'Note'; type = 'string'; jsonPath = '.spec.note'; priority = 1 }
                        @{ name = 'Tags'; type = 'string'; jsonPath = '.spec.tags'; priority = 1 }
                        @{ name = 'Age'; type = 'date'; jsonPath = '.metadata.creationTimestamp' }
                    )
                })
        }
    }
    New-KubectlObject $crd
    Wait-Until -TimeoutSeconds 60 -Because 'the CRD is served' { (Invoke-Kubectl get $Plural -n $Ns).ExitCode -eq 0 }
    $specs = @(
        @{ size = 3; ratio = 0.5; enabled = $true; color = 'blue'; since = '2024-01-01T00:00:00Z'; note = "first line`nsecond line"; tags = @('a', 'b') }
        @{ size = 1000000; ratio = 1000000.0; enabled = $false; color = 'two  words'; note = 'n' }
        @{ ratio = 0.00001 }
    )
    for ($i = 0; $i -lt $specs.Count; $i++) {
        New-KubectlObject @{ apiVersion = "$Group/v1"; kind = $Kind; metadata = @{ name = "g$i"; namespace = $Ns }; spec = $specs[$i] }
    }

    # kubectl's table and ours for a resource, in the namespace (NAMESPACE column included, as
    # with -A) when it has objects there, else in every namespace; $null when there are no objects.
    function script:Get-BothTables([string] $Resource, [bool] $Namespaced, [bool] $Wide) {
        $kubectlArgs = @('get', $Resource)
        $ours = @{ Kind = $Resource }
        if ($Namespaced) {
            $here = @(& kubectl --kubeconfig $ClusterKubeconfig get $Resource -n $Ns -o name 2>$null | Where-Object { $_ })
            if ($here.Count -gt 0) {
                $kubectlArgs += @('-A', '--field-selector', "metadata.namespace=$Ns")
                $ours.Namespace = $Ns
            }
            else {
                $kubectlArgs += '-A'
                $ours.AllNamespaces = $true
            }
        }
        if ($Wide) { $kubectlArgs += @('-o', 'wide') }
        $text = (& kubectl --kubeconfig $ClusterKubeconfig @kubectlArgs 2>$null | Out-String)
        if (-not $text.Trim()) { return $null }
        $objects = @(Get-KubeResource @ours)
        $format = if ($Wide) { @{ View = 'Wide' } } else { @{} }
        $mine = $objects | Format-Table @format -AutoSize | Out-String -Width 4000
        [pscustomobject]@{
            Kubectl = ConvertFrom-ColumnText $text -Style Kubectl
            Ours = ConvertFrom-ColumnText $mine -Style PowerShell
            Objects = $objects
            Text = "kubectl $($kubectlArgs -join ' '):`n$text`nours:`n$mine"
        }
    }
}

AfterAll {
    Remove-TestNamespace $Ns
    $null = Invoke-Kubectl delete crd "$Plural.$Group" --wait=false
    foreach ($kind in 'persistentvolume', 'storageclass', 'ingressclass', 'runtimeclass', 'validatingwebhookconfiguration', 'mutatingwebhookconfiguration', 'podsecuritypolicy', 'certificatesigningrequest') {
        $null = Invoke-Kubectl delete $kind $ClusterName --ignore-not-found --wait=false
    }
    $null = Invoke-Kubectl delete csidriver "$ClusterName.example.com" --ignore-not-found --wait=false
}

Describe 'kubectl''s columns for every kind' -Tag 'Cmdlet', 'Columns' {
    It '<Resource> (<View>): the headers and cells of kubectl get' -TestCases $ResourceCases {
        param($Resource, $Namespaced, $Wide)
        # Objects change under the reads (a controller, another test): compare again when they differ.
        for ($attempt = 1; $attempt -le 3; $attempt++) {
            $both = Get-BothTables $Resource $Namespaced $Wide
            if (-not $both) { Set-ItResult -Skipped -Because "the server has no $Resource"; return }
            $diff = Compare-ColumnTable $both.Kubectl $both.Ours
            if ($diff.Count -eq 0) { break }
            Start-Sleep -Milliseconds 500
        }
        $diff | Should -BeNullOrEmpty -Because $both.Text
        $both.Kubectl.Rows.Count | Should -BeGreaterThan 0
        # Presentation only: the objects are the typed model or an Unstructured object, as always.
        foreach ($obj in $both.Objects) {
            $base = $obj.psobject.BaseObject
            ($base -is [Kube.Client.Models.Unstructured] -or $base -is [Kube.Client.Models.IKubeResource]) | Should -BeTrue
            $obj.psobject.TypeNames[0] | Should -BeLike '*#Table'
            $obj.psobject.TypeNames[1] | Should -Be $base.GetType().FullName
        }
    }

    It 'a kind seen first in a session registers its view once, and -View Wide is kubectl''s -o wide' {
        $names = (Get-KubePod solo -Namespace $Ns).psobject.TypeNames
        $names[0] | Should -Be 'Kube.Client.Models.CoreV1.Pod#Table'
        $views = @(Get-FormatData -TypeName 'Kube.Client.Models.CoreV1.Pod#Table' -PowerShellVersion $PSVersionTable.PSVersion)
        $views.Count | Should -Be 1
        @($views[0].FormatViewDefinition.Name) | Should -Be @('Kube.Client.Models.CoreV1.Pod#Table', 'Wide')
        $null = Get-KubePod -Namespace $Ns
        @(Get-FormatData -TypeName 'Kube.Client.Models.CoreV1.Pod#Table' -PowerShellVersion $PSVersionTable.PSVersion).Count | Should -Be 1
    }

    It 'AGE is worked out when the object is shown, not when it was read' {
        $pod = Get-KubePod solo -Namespace $Ns
        $age = { (ConvertFrom-ColumnText ($pod | Format-Table | Out-String -Width 500) -Style PowerShell).Rows[0].AGE }
        ConvertFrom-KubeDuration (& $age) | Should -BeLessThan 86400
        $pod.Metadata.CreationTimestamp = $pod.Metadata.CreationTimestamp.AddDays(-10)
        & $age | Should -Be '10d'
    }
}

Describe 'a CRD''s additionalPrinterColumns' -Tag 'Cmdlet', 'Columns' {
    It 'Get-KubeResource (<View>) prints the printer columns as kubectl does' -TestCases @(@{ View = 'default'; Wide = $false }, @{ View = '-o wide'; Wide = $true }) {
        param($Wide)
        $both = Get-BothTables "$Plural.$Group" $true $Wide
        Compare-ColumnTable $both.Kubectl $both.Ours | Should -BeNullOrEmpty -Because $both.Text
        $both.Ours.Columns | Should -Be $(if ($Wide) { @('NAMESPACE', 'NAME', 'SIZE', 'RATIO', 'ENABLED', 'COLOR', 'SINCE', 'NOTE', 'TAGS', 'AGE') } else { @('NAMESPACE', 'NAME', 'SIZE', 'RATIO', 'ENABLED', 'COLOR', 'SINCE', 'AGE') })
        $both.Ours.Rows.Count | Should -Be 3
        # As kubectl prints them: a whole number as an integer, a small one in Go's exponent form.
        $g1 = $both.Ours.Rows | Where-Object NAME -EQ 'g1'
        $g1.RATIO | Should -Be '1000000'
        $g1.ENABLED | Should -Be 'false'
        $g1.COLOR | Should -Be 'two  words'
        ($both.Ours.Rows | Where-Object NAME -EQ 'g2').RATIO | Should -Be '1e-05'
        ($both.Ours.Rows | Where-Object NAME -EQ 'g0').RATIO | Should -Be '0.5'
        if ($Wide) { ($both.Ours.Rows | Where-Object NAME -EQ 'g0').NOTE | Should -Be 'first line...' }
        $both.Objects | ForEach-Object { $_.psobject.BaseObject | Should -BeOfType ([Kube.Client.Models.Unstructured]) }
        $both.Objects[0].spec.size | Should -Be 3
    }

    It 'Watch-KubeResource: each event''s object shows the columns, and events show TIME and TYPE before them' {
        $events = @(Watch-KubeResource "$Plural.$Group" -Namespace $Ns -IncludeInitial -Timeout 3)
        $events.Count | Should -Be 3
        $kubectl = ConvertFrom-ColumnText (& kubectl --kubeconfig $ClusterKubeconfig get "$Plural.$Group" -A --field-selector "metadata.namespace=$Ns" | Out-String) -Style Kubectl
        $objects = ConvertFrom-ColumnText ($events.Object | Format-Table -AutoSize | Out-String -Width 2000) -Style PowerShell
        Compare-ColumnTable $kubectl $objects | Should -BeNullOrEmpty
        $view = ConvertFrom-ColumnText ($events | Format-Table -AutoSize | Out-String -Width 2000) -Style PowerShell
        $view.Columns | Should -Be (@('TIME', 'TYPE') + $kubectl.Columns)
        @($view.Rows.TYPE | Select-Object -Unique) | Should -Be 'Added'
        $wide = ConvertFrom-ColumnText ($events | Format-Table -View Wide -AutoSize | Out-String -Width 2000) -Style PowerShell
        $wide.Columns | Should -Contain 'NOTE'
    }

    It 'Wait-KubeResource writes the object with its columns' {
        $obj = Wait-KubeResource "$Plural.$Group" g0 -Namespace $Ns -JsonPath '{.spec.color}' -Value blue -Timeout 20
        $kubectl = ConvertFrom-ColumnText (& kubectl --kubeconfig $ClusterKubeconfig get "$Plural.$Group" g0 -n $Ns | Out-String) -Style Kubectl
        $ours = ConvertFrom-ColumnText ($obj | Format-Table -AutoSize | Out-String -Width 2000) -Style PowerShell
        $ours.Columns | Should -Be (@('NAMESPACE') + $kubectl.Columns)
        $ours.Rows[0].SIZE | Should -Be $kubectl.Rows[0].SIZE
        $ours.Rows[0].COLOR | Should -Be 'blue'
    }
}

Describe 'built-in kinds through Watch- and Wait-' -Tag 'Cmdlet', 'Columns' {
    It 'Watch-KubeResource deployments: the objects show kubectl''s Deployment columns' {
        $events = @(Watch-KubeResource deploy -Namespace $Ns -IncludeInitial -Timeout 3)
        $kubectl = ConvertFrom-ColumnText (& kubectl --kubeconfig $ClusterKubeconfig get deploy -A --field-selector "metadata.namespace=$Ns" | Out-String) -Style Kubectl
        $kubectl.Columns | Should -Be @('NAMESPACE', 'NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE')
        Compare-ColumnTable $kubectl (ConvertFrom-ColumnText ($events.Object | Format-Table -AutoSize | Out-String -Width 2000) -Style PowerShell) | Should -BeNullOrEmpty
        $events[0].Object | Should -BeOfType ([Kube.Client.Models.AppsV1.Deployment])
    }

    It 'Wait-KubeResource: a Service with kubectl''s TYPE, CLUSTER-IP, EXTERNAL-IP and PORT(S)' {
        $svc = Wait-KubeResource svc web -Namespace $Ns -JsonPath '{.spec.type}' -Value ClusterIP -Timeout 20
        $svc | Should -BeOfType ([Kube.Client.Models.CoreV1.Service])
        $kubectl = ConvertFrom-ColumnText (& kubectl --kubeconfig $ClusterKubeconfig get svc -A --field-selector "metadata.namespace=$Ns,metadata.name=web" -o wide | Out-String) -Style Kubectl
        $ours = ConvertFrom-ColumnText ($svc | Format-Table -View Wide -AutoSize | Out-String -Width 2000) -Style PowerShell
        Compare-ColumnTable $kubectl $ours | Should -BeNullOrEmpty
        $ours.Rows[0].'PORT(S)' | Should -Be '80/TCP,9000/UDP'
    }
}

Describe 'the kind-specific Get- cmdlets' -Tag 'Cmdlet', 'Columns' {
    It 'Get-KubeEvent -ApiVersion <ApiVersion> (<View>): kubectl get events'' LAST SEEN, TYPE, REASON, OBJECT, MESSAGE' -TestCases @(
        @{ ApiVersion = 'v1'; Resource = 'events'; Wide = $false; View = 'default' }
        @{ ApiVersion = 'v1'; Resource = 'events'; Wide = $true; View = '-o wide' }
        @{ ApiVersion = 'events.k8s.io/v1'; Resource = 'events.v1.events.k8s.io'; Wide = $false; View = 'default' }
    ) {
        param($ApiVersion, $Resource, $Wide)
        $kubectlArgs = @('get', $Resource, '-A', '--field-selector', "metadata.namespace=$Ns") + $(if ($Wide) { @('-o', 'wide') } else { @() })
        $kubectl = ConvertFrom-ColumnText (& kubectl --kubeconfig $ClusterKubeconfig @kubectlArgs | Out-String) -Style Kubectl
        $events = @(Get-KubeEvent -Namespace $Ns -ApiVersion $ApiVersion)
        $format = if ($Wide) { @{ View = 'Wide' } } else { @{} }
        $text = $events | Format-Table @format -AutoSize | Out-String -Width 4000
        $ours = ConvertFrom-ColumnText $text -Style PowerShell
        Compare-ColumnTable $kubectl $ours | Should -BeNullOrEmpty -Because $text
        $kubectl.Columns | Should -Contain 'REASON'
        ($ours.Rows | Where-Object REASON -EQ 'Tested').MESSAGE | Should -Be 'a message with  two spaces'
        $events[0].psobject.BaseObject | Should -BeOfType $(if ($ApiVersion -eq 'v1') { [Kube.Client.Models.CoreV1.Event] } else { [Kube.Client.Models.EventsV1.Event] })
    }

    It 'Get-KubeNamespace and Get-KubePod: kubectl get namespace and get pods' {
        $kubectl = ConvertFrom-ColumnText (& kubectl --kubeconfig $ClusterKubeconfig get namespace $Ns | Out-String) -Style Kubectl
        Compare-ColumnTable $kubectl (ConvertFrom-ColumnText (Get-KubeNamespace $Ns | Format-Table -AutoSize | Out-String -Width 2000) -Style PowerShell) | Should -BeNullOrEmpty
        $kubectl = ConvertFrom-ColumnText (& kubectl --kubeconfig $ClusterKubeconfig get pods -A --field-selector "metadata.namespace=$Ns" -o wide | Out-String) -Style Kubectl
        Compare-ColumnTable $kubectl (ConvertFrom-ColumnText (Get-KubePod -Namespace $Ns | Format-Table -View Wide -AutoSize | Out-String -Width 2000) -Style PowerShell) | Should -BeNullOrEmpty
    }
}
