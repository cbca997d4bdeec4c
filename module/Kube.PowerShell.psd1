@{
    RootModule           = 'Kube.PowerShell.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = 'b3581689-3af0-4ab6-911f-0eb035835f4f'
    Author               = 'Kube.PowerShell maintainers'
    Copyright            = 'Kube.PowerShell maintainers'
    Description          = 'A Kubernetes client for PowerShell, designed after client-go.'
    CompatiblePSEditions = @('Core', 'Desktop')
    PowerShellVersion    = '5.1'
    CmdletsToExport      = @(
        'Get-KubeContext'
        'Set-KubeContext'
        'Get-KubeNamespace'
        'New-KubeNamespace'
        'Remove-KubeNamespace'
        'Get-KubePod'
        'Get-KubeResource'
        'Get-KubeApiResource'
        'Get-KubeApiVersion'
        'ConvertTo-KubeYaml'
        'ConvertFrom-KubeYaml'
        'Watch-KubeResource'
        'Wait-KubeResource'
        'Start-KubeController'
        'New-KubeResource'
        'Set-KubeResource'
        'Update-KubeResource'
        'Remove-KubeResource'
        'Invoke-KubeApply'
        'Get-KubeLog'
        'Invoke-KubeExec'
        'Start-KubePortForward'
        'Stop-KubePortForward'
        'Get-KubePortForward'
        'Copy-KubeItem'
        'Set-KubeScale'
        'Restart-KubeRollout'
        'Wait-KubeRollout'
        'Undo-KubeRollout'
        'Get-KubeRolloutHistory'
        'Get-KubeEvent'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    TypesToProcess       = @()
    FormatsToProcess     = @(
        'Formats/KubeContextInfo.Format.ps1xml'
        'Formats/Namespace.Format.ps1xml'
        'Formats/Pod.Format.ps1xml'
        'Formats/Resource.Format.ps1xml'
        'Formats/ApiResource.Format.ps1xml'
        'Formats/KubeResourceEvent.Format.ps1xml'
        'Formats/KubeApplyResult.Format.ps1xml'
        'Formats/LogLine.Format.ps1xml'
        'Formats/KubePortForward.Format.ps1xml'
        'Formats/CopyResult.Format.ps1xml'
        'Formats/RolloutRevision.Format.ps1xml'
        'Formats/Scale.Format.ps1xml'
    )
    PrivateData          = @{
        PSData = @{
            Tags       = @('Kubernetes', 'k8s', 'kubectl', 'client-go')
            ProjectUri = 'https://example.invalid/kube-powershell'
        }
    }
}
