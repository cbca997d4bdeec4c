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

# The members the module adds to its objects (Formatting/TypeMembers.cs) are TypeData objects
# rather than a types file: adding a file (or a manifest's TypesToProcess) reloads the session's
# whole type table, PowerShell's own types included, which cost more CPU than the rest of this
# import. -Force replaces them when the module is imported again.
# On PowerShell 7, Update-TypeData runs through its class rather than its name: a name would
# import Microsoft.PowerShell.Utility, which costs more than the rest of this import too.
# (Windows PowerShell 5.1 may not have that assembly loaded yet, so it uses the name.)
$typeData = [Kube.PowerShell.Formatting.TypeMembers]::Create()
if ($PSEdition -eq 'Core') {
    # Loading the cmdlets' assembly by name is not importing their module; a type literal would
    # find the class only once something else had loaded that assembly.
    $utility = [System.Reflection.Assembly]::Load('Microsoft.PowerShell.Commands.Utility')
    $updateTypeData = [System.Management.Automation.CmdletInfo]::new('Update-TypeData', $utility.GetType('Microsoft.PowerShell.Commands.UpdateTypeDataCommand', $true))
    & $updateTypeData -TypeData $typeData -Force
}
else {
    Update-TypeData -TypeData $typeData -Force
}
