#Requires -Version 5.1
<#
.SYNOPSIS
    A controller runbook: an Ingress for every Service annotated ingress/http.
.DESCRIPTION
    For each Service of the namespace with the annotation `ingress/http`, keeps an Ingress
    (networking.k8s.io/v1) of the same name with one rule to the Service's first port. The
    annotation's value, when not empty, is the rule's host. The Ingress is owned by the Service
    (an ownerReference with controller and blockOwnerDeletion), so the garbage collector deletes it
    with the Service.

    It deletes the Ingress when the annotation goes, and recreates or repairs it when someone deletes
    or changes it: Ingresses are watched too, keyed by their owning Service. An Ingress of the same
    name that this controller does not own is left alone (with a warning).

    Like sample-controller, it records an Event on the Service for every sync (Normal, Synced) and
    for every failure (Warning: ErrResourceExists for an Ingress it does not own, SyncFailed when a
    request fails), as the component ingress-controller: Get-KubeEvent shows them.

    Runs until Ctrl+C, or for -Timeout. With -LeaderElection several copies can run; only the holder
    of the Lease reconciles.
.EXAMPLE
    ./examples/ingress-controller.ps1 -Namespace shop
.EXAMPLE
    ./examples/ingress-controller.ps1 -Namespace shop -Context prod -LeaderElection -Verbose
#>
[CmdletBinding()]
param(
    # The namespace whose Services get Ingresses.
    [Parameter(Mandatory)]
    [string] $Namespace,

    # The kubeconfig context to use (the current one by default).
    [string] $Context,

    # Stop after this long (seconds or a duration such as 5m); without it, run until Ctrl+C.
    [object] $Timeout,

    # Run under leader election on the Lease 'ingress-controller' in the namespace.
    [switch] $LeaderElection,

    # How many Services are reconciled at the same time.
    [ValidateRange(1, 16)]
    [int] $Workers = 1
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module Kube.PowerShell)) { Import-Module Kube.PowerShell }

$controller = @{
    Watch     = @(
        @{ Kind = 'Service' }
        @{ Kind = 'Ingress'; ApiVersion = 'networking.k8s.io/v1'; Key = 'Owner:Service' }
    )
    Namespace = $Namespace
    Workers   = $Workers
    ControllerName = 'ingress-controller'
    # A key given up after its retries is reported as an error and the controller goes on; the
    # 'Stop' preference above would end it (and, in a pod, restart it over and over).
    ErrorAction = 'Continue'
}
if ($Context) { $controller.Context = $Context }
if ($Timeout) { $controller.Timeout = $Timeout }
if ($LeaderElection) { $controller += @{ LeaderElection = $true; LeaseName = 'ingress-controller'; LeaseNamespace = $Namespace } }

# Self-contained (no outer functions or variables): with -Workers above 1 it runs in runspaces of its own.
Start-KubeController @controller -Reconcile {
    param($Key, $Kube)
    try {
        $annotation = 'ingress/http'
        $fieldManager = 'kube-powershell-ingress-controller'
        $service = $Kube.Object
        $ingress = $Kube.Get('Ingress', $Kube.Namespace, $Kube.Name)
        $client = $Kube.Connection.Dynamic.Resource([Kube.Client.Schema.GroupVersionResource]::new('networking.k8s.io', 'v1', 'ingresses')).Namespace($Kube.Namespace)

        $ownedByService = $false
        if ($ingress -and $ingress.Metadata.OwnerReferences) {
            $ownedByService = [bool]($ingress.Metadata.OwnerReferences | Where-Object { $_.Kind -eq 'Service' -and $_.Name -eq $Kube.Name -and $_.Controller })
        }

        $annotations = if ($service) { $service.Metadata.Annotations }
        $wanted = $service -and -not $service.Metadata.DeletionTimestamp -and $annotations -and $annotations.ContainsKey($annotation) -and $service.Spec.Ports.Count -gt 0
        if (-not $wanted) {
            if ($ingress -and $ownedByService) {
                try { $null = $client.DeleteAsync($Kube.Name).GetAwaiter().GetResult() }
                catch [Kube.Client.Rest.KubeApiException] { if (-not $_.Exception.IsNotFound) { throw } }
                if ($service) { $Kube.RecordEvent('Normal', 'IngressDeleted', "Deleted Ingress ${Key}: the Service has no $annotation annotation") }
                "deleted ingress $Key"
            }
            return
        }
        if ($ingress -and -not $ownedByService) {
            Write-Warning "Ingress $Key exists and is not owned by Service $Key; leaving it alone."
            $Kube.RecordEvent('Warning', 'ErrResourceExists', "Ingress $Key exists and is not managed by this Service")
            return
        }

        $port = $service.Spec.Ports[0].Port
        $hostName = $annotations[$annotation]
        $rule = [ordered]@{ http = @{ paths = @(@{ path = '/'; pathType = 'Prefix'; backend = @{ service = @{ name = $Kube.Name; port = @{ number = $port } } } }) } }
        if ($hostName) { $rule.host = $hostName }
        $desired = [ordered]@{
            apiVersion = 'networking.k8s.io/v1'
            kind       = 'Ingress'
            metadata   = @{
                name            = $Kube.Name
                namespace       = $Kube.Namespace
                labels          = @{ 'app.kubernetes.io/managed-by' = 'ingress-controller' }
                ownerReferences = @(@{ apiVersion = 'v1'; kind = 'Service'; name = $Kube.Name; uid = $service.Metadata.Uid; controller = $true; blockOwnerDeletion = $true })
            }
            spec       = @{ rules = @($rule) }
        }

        # Nothing to do when the cached Ingress already says what we want.
        if ($ingress) {
            $current = $ingress.Spec.Rules
            $backend = $current[0].Http.Paths[0].Backend.Service
            $ownerUid = @($ingress.Metadata.OwnerReferences | Where-Object Controller)[0].Uid
            if ($current.Count -eq 1 -and $backend.Name -eq $Kube.Name -and $backend.Port.Number -eq $port -and
                "$($current[0].Host)" -eq "$hostName" -and $ownerUid -eq $service.Metadata.Uid) {
                $Kube.RecordEvent('Normal', 'Synced', 'Service synced successfully')
                return
            }
        }
        $object = [Kube.Client.Models.Unstructured]::Parse(($desired | ConvertTo-Json -Depth 20 -Compress))
        $null = $client.ApplyAsync($object, [Kube.Client.Models.MetaV1.ApplyOptions]::new($fieldManager, $true)).GetAwaiter().GetResult()
        $Kube.RecordEvent('Normal', 'Synced', 'Service synced successfully')
        "$(if ($ingress) { 'updated' } else { 'created' }) ingress $Key -> ${Key}:$port"
    }
    catch {
        # One Warning event per failed attempt (repeats count up on one event); the error goes on to the retry.
        if ($Kube.Object) { $Kube.RecordEvent('Warning', 'SyncFailed', "Syncing Ingress ${Key} failed: $($_.Exception.Message)") }
        throw
    }
}
