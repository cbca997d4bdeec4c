# The runbook examples/ingress-controller.ps1 end to end against the local control plane, checked
# with kubectl: annotate a Service and its Ingress appears, owned by it; delete the Ingress and it
# returns; remove the annotation and it goes; delete the Service and the garbage collector removes it.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'ingctl'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    $script:Runbook = Join-Path $RepoRoot 'examples/ingress-controller.ps1'

    function script:Get-Ingress([string] $Name) {
        $r = Invoke-Kubectl -n $Ns get ingress.networking.k8s.io $Name -o json
        if ($r.ExitCode -ne 0) { return $null }
        $r.Output | ConvertFrom-Json -AsHashtable
    }
    function script:Start-Runbook {
        Start-ThreadJob -ArgumentList $ModuleManifest, $Runbook, $Ns {
            param($manifest, $runbook, $ns)
            Import-Module $manifest
            & $runbook -Namespace $ns -Context kube-ps-admin -Workers 2
        }
    }
}

AfterAll {
    Remove-TestNamespace $Ns
}

Describe 'examples/ingress-controller.ps1' -Tag 'Runbook', 'Start-KubeController' {
    It 'keeps an owned Ingress for each annotated Service, and the garbage collector deletes it with the Service' {
        $null = Invoke-Kubectl -n $Ns create service clusterip web --tcp=8080:80 --tcp=9090:9090
        $null = Invoke-Kubectl -n $Ns create service clusterip plain --tcp=80:80
        $null = Invoke-Kubectl -n $Ns create service clusterip taken --tcp=80:80
        $null = Invoke-Kubectl -n $Ns create ingress taken --rule='taken.example.com/=other:80'
        $serviceUid = (Invoke-Kubectl -n $Ns get service web -o 'jsonpath={.metadata.uid}').Output
        $takenUid = (Invoke-Kubectl -n $Ns get service taken -o 'jsonpath={.metadata.uid}').Output
        function Get-ServiceEvents([string] $Uid) { @((Get-KubectlJson -n $Ns events --field-selector "involvedObject.uid=$Uid").items) }
        $job = Start-Runbook
        try {
            $null = Invoke-Kubectl -n $Ns annotate service web ingress/http=web.example.com
            Wait-Until -Because 'the Ingress of web appears' { Get-Ingress web }
            $ingress = Get-Ingress web
            $owner = $ingress.metadata.ownerReferences[0]
            $owner.kind | Should -Be 'Service'
            $owner.name | Should -Be 'web'
            $owner.uid | Should -Be $serviceUid
            $owner.controller | Should -BeTrue
            $owner.blockOwnerDeletion | Should -BeTrue
            $ingress.spec.rules[0].host | Should -Be 'web.example.com'
            $ingress.spec.rules[0].http.paths[0].backend.service.name | Should -Be 'web'
            $ingress.spec.rules[0].http.paths[0].backend.service.port.number | Should -Be 8080
            Get-Ingress plain | Should -BeNullOrEmpty

            # Someone deletes it: it returns, a new object.
            $null = Invoke-Kubectl -n $Ns delete ingress.networking.k8s.io web
            Wait-Until -Because 'the Ingress returns' { ($i = Get-Ingress web) -and $i.metadata.uid -ne $ingress.metadata.uid }

            # The annotation goes: so does the Ingress.
            $null = Invoke-Kubectl -n $Ns annotate service web ingress/http-
            Wait-Until -Because 'the Ingress goes with the annotation' { -not (Get-Ingress web) }

            $null = Invoke-Kubectl -n $Ns annotate service web ingress/http=
            Wait-Until -Because 'the Ingress is back' { Get-Ingress web }

            # Each sync and each failure is an Event on the Service, from ingress-controller, as in sample-controller.
            Wait-Until -Because 'the Synced and IngressDeleted events of web' {
                $reasons = (Get-ServiceEvents $serviceUid).reason
                $reasons -contains 'Synced' -and $reasons -contains 'IngressDeleted'
            }
            $synced = Get-ServiceEvents $serviceUid | Where-Object reason -EQ 'Synced'
            $synced.type | Should -Be 'Normal'
            $synced.source.component | Should -Be 'ingress-controller'
            $synced.count | Should -BeGreaterThan 1
            $null = Invoke-Kubectl -n $Ns annotate service taken ingress/http=
            Wait-Until -Because 'the ErrResourceExists event of taken' { (Get-ServiceEvents $takenUid).reason -contains 'ErrResourceExists' }
            (Get-ServiceEvents $takenUid | Where-Object reason -EQ 'ErrResourceExists').type | Should -Be 'Warning'
            (Get-Ingress taken).metadata.ownerReferences | Should -BeNullOrEmpty
        }
        finally {
            $output = $job | Stop-Job -PassThru | Receive-Job -ErrorAction SilentlyContinue
            $job | Remove-Job -Force
        }
        $output | Should -Contain "created ingress $Ns/web -> $Ns/web:8080"
        $output | Should -Contain "deleted ingress $Ns/web"

        # The controller is stopped: only the garbage collector can delete the Ingress now.
        $null = Invoke-Kubectl -n $Ns delete service web
        Wait-Until -TimeoutSeconds 90 -Because 'the garbage collector deletes the Ingress of the deleted Service' { -not (Get-Ingress web) }
    }
}
