#Requires -Version 5.1
<#
.SYNOPSIS
    A tour of Kube.PowerShell against a cluster: what an ops runbook does every day.
.DESCRIPTION
    `build.ps1 Demo` runs it against the local control plane (KUBECONFIG points at the local
    cluster's kubeconfig and out/module is on PSModulePath). It works against any cluster the
    current context reaches; it only creates and deletes its own namespace.
#>
[CmdletBinding()]
param(
    # The namespace the runbook creates, uses and deletes.
    [string] $DemoNamespace = "kube-ps-demo-$([System.Guid]::NewGuid().ToString('N').Substring(0, 6))"
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
    Write-Section "Pods in kube-system: name, phase and creation time"
    Get-KubePod -Namespace kube-system |
        Select-Object Name, @{ n = 'Phase'; e = { $_.Status.Phase } }, @{ n = 'Created'; e = { $_.Metadata.CreationTimestamp } } |
        Format-Table

    Write-Section 'One pod that does not exist: the error is a record to handle, not a crash'
    Get-KubePod -Name 'no-such-pod' -Namespace $DemoNamespace -ErrorAction SilentlyContinue -ErrorVariable lookup
    if ($lookup) {
        $record = $lookup[0]
        "Handled: {0} (category {1}, id {2})" -f $record.Exception.Message, $record.CategoryInfo.Category, $record.FullyQualifiedErrorId
    }
}
finally {
    Write-Section "Delete $DemoNamespace with foreground propagation, and wait until it is gone"
    Remove-KubeNamespace -Name $DemoNamespace -PropagationPolicy Foreground -Wait -Confirm:$false
    $left = Get-KubeNamespace -Name $DemoNamespace -ErrorAction SilentlyContinue
    if ($left) { throw "namespace $DemoNamespace is still there" }
    "namespace $DemoNamespace is gone"
}
