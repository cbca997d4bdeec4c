#Requires -Version 5.1
<#
.SYNOPSIS
    A tour of Kube.PowerShell against a cluster: what an ops runbook does every day.
.DESCRIPTION
    `build.ps1 Demo` runs it against the local cluster (KUBECONFIG points at the local cluster's
    kubeconfig and out/module is on PSModulePath), whose node runs the pods from an image built on
    the machine. It works against any cluster the current context reaches (give -Image an image
    that cluster can pull); it only creates and deletes its own namespace.
#>
[CmdletBinding()]
param(
    # The namespace the runbook creates, uses and deletes.
    [string] $DemoNamespace = "kube-ps-demo-$([System.Guid]::NewGuid().ToString('N').Substring(0, 6))",

    # A busybox image for the web deployment; the local cluster's node has this one (never pulled).
    [string] $Image = 'localhost/busybox:dev'
)

$ErrorActionPreference = 'Stop'
Import-Module Kube.PowerShell

function Write-Section([string] $title) {
    Write-Host ''
    Write-Host "== $title" -ForegroundColor Cyan
}

Write-Section 'Where we are'
Get-KubeContext -Current | Format-Table

Write-Section 'How many pods are there in the whole cluster?'
$count = (Get-KubePod -AllNamespaces | Measure-Object).Count
"$count pods across all namespaces"

Write-Section "A namespace of our own: $DemoNamespace"
New-KubeNamespace -Name $DemoNamespace -Label @{ 'app.kubernetes.io/part-of' = 'kube-ps-demo' } | Format-Table
Get-KubeNamespace -Name $DemoNamespace | Format-Table

try {
    Write-Section "A deployment in $DemoNamespace, from YAML"
    @"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { app: web }
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      terminationGracePeriodSeconds: 2
      containers:
      - name: web
        image: $Image
        imagePullPolicy: IfNotPresent
        command: [sh, -c, 'echo "web on `$HOSTNAME serves /etc on 8080"; exec httpd -f -v -p 8080 -h /etc']
        ports:
        - containerPort: 8080
        readinessProbe:
          tcpSocket: { port: 8080 }
          periodSeconds: 2
"@ | New-KubeResource -Namespace $DemoNamespace |
        Select-Object @{ n = 'Deployment'; e = { $_.Metadata.Name } }, @{ n = 'Replicas'; e = { $_.Spec.Replicas } }, @{ n = 'Image'; e = { $_.Spec.Template.Spec.Containers[0].Image } } |
        Format-Table

    # The deployment and replica set controllers create the pods, the scheduler places them on
    # the node and its kubelet starts them; the deployment is Available once they are ready.
    Write-Section 'Wait until the deployment is Available'
    Wait-KubeResource deploy web -Namespace $DemoNamespace -Condition Available -Timeout 2m |
        Select-Object @{ n = 'Deployment'; e = { $_.Metadata.Name } }, @{ n = 'Ready'; e = { '{0}/{1}' -f [int]$_.Status.ReadyReplicas, $_.Spec.Replicas } } |
        Format-Table
    $pods = @(Get-KubePod -Namespace $DemoNamespace -LabelSelector app=web)

    Write-Section "Pods in ${DemoNamespace}: name, phase, node and address"
    $pods | Select-Object Name, @{ n = 'Phase'; e = { $_.Status.Phase } }, @{ n = 'Node'; e = { $_.Spec.NodeName } }, @{ n = 'PodIP'; e = { $_.Status.PodIP } }, @{ n = 'Created'; e = { $_.Metadata.CreationTimestamp } } |
        Format-Table

    Write-Section 'One pod, by name'
    Get-KubePod -Namespace $DemoNamespace -Name $pods[0].Metadata.Name | Format-List Name, Namespace, @{ n = 'Owner'; e = { $_.Metadata.OwnerReferences[0].Name } }, @{ n = 'Node'; e = { if ($_.Spec.NodeName) { $_.Spec.NodeName } else { '(not scheduled)' } } }

    $podName = $pods[0].Metadata.Name

    Write-Section 'The logs of every pod of the deployment, each line prefixed with its pod'
    Get-KubeLog deploy/web -Namespace $DemoNamespace -Tail 5

    Write-Section "A command in $podName, and its exit code"
    Invoke-KubeExec $podName -Namespace $DemoNamespace -Command sh, -c, 'echo "hostname: $(hostname)"; test -e /no/such/file' -ErrorAction SilentlyContinue -ErrorVariable execErrors
    $exitError = @($execErrors | Where-Object FullyQualifiedErrorId -Like 'NonZeroExitCode*')
    "exit code {0} (in `$LASTEXITCODE, and in the NonZeroExitCode error: {1})" -f $LASTEXITCODE, $exitError[0].Exception.ExitCode

    Write-Section "A port-forward to the httpd of $podName, fetched with Invoke-WebRequest"
    $forward = Start-KubePortForward $podName -Namespace $DemoNamespace -Port 0:8080
    try {
        $noProxy = if ($PSVersionTable.PSVersion.Major -ge 6) { @{ NoProxy = $true } } else { @{} }
        $page = Invoke-WebRequest "http://127.0.0.1:$($forward.LocalPort)/hostname" -UseBasicParsing @noProxy
        # busybox httpd serves a file without an extension as application/octet-stream, which PowerShell reads as bytes.
        $body = if ($page.Content -is [byte[]]) { [System.Text.Encoding]::UTF8.GetString($page.Content) } else { $page.Content }
        "GET http://127.0.0.1:$($forward.LocalPort)/hostname -> $($page.StatusCode): $($body.Trim())"
    }
    finally {
        $forward | Stop-KubePortForward -PassThru | Format-Table
    }

    Write-Section "A file copied out of $podName"
    $copied = Join-Path ([System.IO.Path]::GetTempPath()) "kube-ps-demo-hosts-$DemoNamespace"
    Copy-KubeItem "$DemoNamespace/${podName}:/etc/hosts" $copied -PassThru | Format-Table
    "{0}: {1} bytes, its last line: {2}" -f $copied, (Get-Item $copied).Length, (Get-Content $copied | Select-Object -Last 1)
    Remove-Item $copied

    Write-Section 'One pod that does not exist: the error is a record to handle, not a crash'
    Get-KubePod -Name 'no-such-pod' -Namespace $DemoNamespace -ErrorAction SilentlyContinue -ErrorVariable lookup
    if ($lookup) {
        $record = $lookup[0]
        "Handled: {0} (category {1}, id {2})" -f $record.Exception.Message, $record.CategoryInfo.Category, $record.FullyQualifiedErrorId
    }

    Write-Section "Deployments in kube-system"
    $system = @(Get-KubeResource -Kind Deployment -Namespace kube-system)
    if ($system.Count -gt 0) { $system | Format-Table }
    else { '(none: the local control plane runs no add-ons in kube-system)' }

    Write-Section 'Deployments in every namespace'
    Get-KubeResource -Kind deploy -AllNamespaces |
        Select-Object @{ n = 'Namespace'; e = { $_.Metadata.Namespace } }, @{ n = 'Name'; e = { $_.Metadata.Name } }, @{ n = 'Ready'; e = { '{0}/{1}' -f [int]$_.Status.ReadyReplicas, $_.Spec.Replicas } } |
        Format-Table
}
finally {
    Write-Section "Delete $DemoNamespace with foreground propagation, and wait until it is gone"
    Remove-KubeNamespace -Name $DemoNamespace -PropagationPolicy Foreground -Wait -Confirm:$false
    $left = Get-KubeNamespace -Name $DemoNamespace -ErrorAction SilentlyContinue
    if ($left) { throw "namespace $DemoNamespace is still there" }
    "namespace $DemoNamespace is gone"
}
