# Placeholder manifest so build.ps1 can lay out and load the module; the real one (explicit
# cmdlet, format and type lists) replaces it.
@{
    RootModule           = 'Kube.PowerShell.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = 'b3581689-3af0-4ab6-911f-0eb035835f4f'
    Author               = 'Kube.PowerShell maintainers'
    Copyright            = 'Kube.PowerShell maintainers'
    Description          = 'A Kubernetes client for PowerShell, designed after client-go.'
    CompatiblePSEditions = @('Core', 'Desktop')
    PowerShellVersion    = '5.1'
    CmdletsToExport      = @()
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    FormatsToProcess     = @()
    TypesToProcess       = @()
}
