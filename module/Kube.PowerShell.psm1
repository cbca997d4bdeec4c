# Loads the build of the binary module that fits this PowerShell: net8.0 on PowerShell 7.4+,
# netstandard2.0 on Windows PowerShell 5.1.
$framework = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'netstandard2.0' }
$binary = [System.IO.Path]::Combine($PSScriptRoot, 'bin', $framework, 'Kube.PowerShell.dll')
if (-not [System.IO.File]::Exists($binary)) {
    throw "Kube.PowerShell: $binary is missing; build the module with ./build.ps1 Build."
}
if ($PSEdition -eq 'Core') {
    # The private AssemblyLoadContext must be in place before PowerShell reads the cmdlet types,
    # since reading them may bind Kube.Client (Loading/DependencyLoadContext.cs). LoadFrom puts
    # the cmdlet assembly in the default context, where Import-Module finds it again.
    $null = [System.Reflection.Assembly]::LoadFrom($binary)
    [Kube.PowerShell.Loading.DependencyLoadContext]::Install()
}
Import-Module -Name $binary -ErrorAction Stop

# The types file names C# classes of the assembly above, so it loads after it (a manifest's
# TypesToProcess would load before). Once per session: a second import finds it present.
# On PowerShell 7, Get-TypeData and Update-TypeData run through their classes rather than their
# names: a name would import Microsoft.PowerShell.Utility, which costs more than the rest of this
# import. (Windows PowerShell 5.1 may not have that assembly loaded yet, so it uses the names.)
$typesFile = [System.IO.Path]::Combine($PSScriptRoot, 'Kube.PowerShell.Types.ps1xml')
if ($PSEdition -eq 'Core') {
    # Loading the cmdlets' assembly by name is not importing their module; a type literal would
    # find the classes only once something else had loaded that assembly.
    $utility = [System.Reflection.Assembly]::Load('Microsoft.PowerShell.Commands.Utility')
    $getTypeData = [System.Management.Automation.CmdletInfo]::new('Get-TypeData', $utility.GetType('Microsoft.PowerShell.Commands.GetTypeDataCommand', $true))
    if (-not (& $getTypeData -TypeName 'Kube.Client.Models.CoreV1.Pod')) {
        $updateTypeData = [System.Management.Automation.CmdletInfo]::new('Update-TypeData', $utility.GetType('Microsoft.PowerShell.Commands.UpdateTypeDataCommand', $true))
        & $updateTypeData -PrependPath $typesFile
    }
}
elseif (-not (Get-TypeData -TypeName 'Kube.Client.Models.CoreV1.Pod')) {
    Update-TypeData -PrependPath $typesFile
}
