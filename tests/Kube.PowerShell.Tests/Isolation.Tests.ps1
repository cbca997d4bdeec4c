# The module beside other modules: its dependencies load in a private AssemblyLoadContext on
# PowerShell 7 (src/Kube.PowerShell/Loading/DependencyLoadContext.cs), so another YamlDotNet loaded
# before or after it (as powershell-yaml and others do with Add-Type) breaks neither side; and the
# objects it writes stay as usable from scripts as if everything lived in the default context.

BeforeDiscovery {
    # At least 11.x, 13.x and the newest served (tools/pester/YamlDotNet.restore.csproj downloads them).
    $script:ClashCases = foreach ($version in '11.2.1', '13.7.1', '18.1.0') {
        foreach ($order in 'Before', 'After') { @{ Version = $version; Order = $order } }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')

    $script:Packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
    # The build of a YamlDotNet package that PowerShell 7 would load: the newest .NET one, else .NET Standard.
    function Get-YamlDotNetPath([string] $Version) {
        $lib = Join-Path $Packages "yamldotnet/$Version/lib"
        if (-not (Test-Path $lib)) {
            throw "YamlDotNet $Version is not in $Packages; restore it with: dotnet restore tools/pester/YamlDotNet.restore.csproj (build.ps1 Test does)"
        }
        foreach ($framework in 'net10.0', 'net8.0', 'net7.0', 'net6.0', 'netstandard2.1', 'netstandard2.0') {
            $dll = Join-Path $lib "$framework/YamlDotNet.dll"
            if (Test-Path $dll) { return $dll }
        }
        throw "YamlDotNet $Version has no build PowerShell 7 can load under $lib"
    }

    # Runs in a child pwsh: the other YamlDotNet before or after the module, then both sides' YAML,
    # and a cluster call of the module. Prints one JSON line with what it saw.
    $script:ClashScript = Join-Path $TestDrive 'clash.ps1'
    Set-Content -Path $ClashScript -Value @'
param([string] $Manifest, [string] $OtherYaml, [string] $Order)
$ErrorActionPreference = 'Stop'
$result = [ordered]@{}

# The other module's own YAML API, on its own types: a serializer and a deserializer round trip.
function Test-OtherYaml {
    $serializer = [YamlDotNet.Serialization.SerializerBuilder]::new().Build()
    $value = [System.Collections.Generic.Dictionary[string, object]]::new()
    $value['name'] = 'other'
    $value['items'] = [object[]]@('a', 'b')
    $text = $serializer.Serialize($value)
    $deserializer = [YamlDotNet.Serialization.DeserializerBuilder]::new().Build()
    $back = $deserializer.Deserialize([System.IO.StringReader]::new($text))
    "$($back['name'])/$($back['items'] -join ',')"
}

# This module: kubeconfig (YAML), a YAML round trip, and a call to the cluster.
function Test-Module {
    $contexts = @(Get-KubeContext).Count
    $manifest = "apiVersion: v1`nkind: ConfigMap`nmetadata:`n  name: clash`n  labels:`n    app: x`ndata:`n  key: 'true'`n  n: '3'"
    $map = ConvertFrom-KubeYaml $manifest
    $again = ConvertFrom-KubeYaml ($map | ConvertTo-KubeYaml)
    $ns = Get-KubeNamespace -Name default
    "$contexts/$($again.Metadata.Name)/$($again.Metadata.Labels['app'])/$($again.Data['key'])/$($ns.Metadata.Name)"
}

if ($Order -eq 'Before') {
    Add-Type -Path $OtherYaml
    $result.OtherBefore = Test-OtherYaml
    Import-Module $Manifest
    $result.Module = Test-Module
}
else {
    Import-Module $Manifest
    $result.Module = Test-Module
    Add-Type -Path $OtherYaml
}
$result.Other = Test-OtherYaml
$result.ModuleAgain = Test-Module
$result.OtherVersion = [YamlDotNet.Serialization.SerializerBuilder].Assembly.GetName().Version.ToString()
$result.OtherContext = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([YamlDotNet.Serialization.SerializerBuilder].Assembly).Name
$result.Loaded = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'YamlDotNet', 'Kube.Client' } |
    ForEach-Object { '{0} {1} {2}' -f $_.GetName().Name, $_.GetName().Version.Major, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name } | Sort-Object)
$result | ConvertTo-Json -Compress
'@

    # The same PowerShell as this one, fresh: pwsh is a local dotnet tool, so run its pwsh.dll with dotnet.
    function Invoke-ChildPwsh([string] $Script, [string[]] $Arguments) {
        $dotnet = [System.Environment]::ProcessPath
        $output = & $dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File $Script @Arguments 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String).Trim() }
    }
}

Describe 'Dependency isolation' -Tag 'Isolation' {
    It 'YamlDotNet <Version> loaded <Order> the module: both work' -TestCases $ClashCases {
        param($Version, $Order)
        $other = Get-YamlDotNetPath $Version
        $run = Invoke-ChildPwsh $ClashScript @('-Manifest', $ModuleManifest, '-OtherYaml', $other, '-Order', $Order)
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $result = ($run.Output -split "`n")[-1] | ConvertFrom-Json
        $major = ([version]$Version).Major
        $expectedModule = "$(@(Get-KubeContext).Count)/clash/x/true/default"
        if ($Order -eq 'Before') { $result.OtherBefore | Should -Be 'other/a,b' }
        $result.Module | Should -Be $expectedModule
        $result.ModuleAgain | Should -Be $expectedModule
        $result.Other | Should -Be 'other/a,b'
        ([version]$result.OtherVersion).Major | Should -Be $major
        $result.OtherContext | Should -Be 'Default'
        # Theirs in the default context, ours (and Kube.Client) in the module's.
        $result.Loaded | Should -Contain "YamlDotNet $major Default"
        $result.Loaded | Should -Contain 'YamlDotNet 16 Kube.PowerShell'
        $result.Loaded | Should -Contain 'Kube.Client 0 Kube.PowerShell'
    }
}

Describe 'Import in a bare session' -Tag 'Isolation' {
    # Pester itself loads Microsoft.PowerShell.Utility; a fresh pwsh shows what a user's import does.
    # Naming a Utility cmdlet in the psm1 (Get-TypeData did) imports that whole module at every import.
    It 'imports without errors, without importing Microsoft.PowerShell.Utility, with its type data' {
        $command = "Import-Module '$($ModuleManifest.Replace("'", "''"))' -ErrorAction Stop; " +
            '$m = (Get-Module).Name -join '',''; $r = [Kube.Client.Models.CoreV1.Pod]::new().psobject.Properties.Name -contains ''Restarts''; "$($Error.Count)|$m|$r"'
        $output = & ([System.Environment]::ProcessPath) (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $command 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output | Out-String)
        (@($output)[-1] | Out-String).Trim() | Should -Be '0|Kube.PowerShell|True' -Because ($output | Out-String)
    }

    # The type members are TypeData objects added with -Force (Formatting/TypeMembers.cs): a second
    # import replaces them instead of failing on members already present.
    It 'imports again (-Force) without errors, its members and adapter still in place' {
        $manifest = $ModuleManifest.Replace("'", "''")
        $command = "Import-Module '$manifest' -ErrorAction Stop; Import-Module '$manifest' -Force -ErrorAction Stop; " +
            '$p = [Kube.Client.Models.CoreV1.Pod]@{ Metadata = [Kube.Client.Models.MetaV1.ObjectMeta]@{ Name = ''p''; Namespace = ''n'' } }; ' +
            '$u = ConvertFrom-KubeYaml "apiVersion: x.example.com/v1`nkind: W`nmetadata: {name: w}`nspec: {size: 3}"; ' +
            '"$($Error.Count)|$($p.Name)|$($p.Namespace)|$($p.Ready)|$($u.spec.size)"'
        $output = & ([System.Environment]::ProcessPath) (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $command 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output | Out-String)
        (@($output)[-1] | Out-String).Trim() | Should -Be '0|p|n|0/0|3' -Because ($output | Out-String)
    }
}

Describe 'ReadyToRun code' -Tag 'Isolation' {
    # build.ps1 Build (Release) precompiles the cmdlet assembly and its dependencies for .NET 10
    # (tools/readytorun); README "Import time". A Debug build ships IL only.
    BeforeAll {
        $script:Bin = Join-Path (Split-Path $ModuleManifest) 'bin/net8.0'
        function Test-ReadyToRun([string] $Path) {
            $stream = [System.IO.File]::OpenRead($Path)
            try {
                $reader = [System.Reflection.PortableExecutable.PEReader]::new($stream)
                try { return $reader.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0 } finally { $reader.Dispose() }
            }
            finally { $stream.Dispose() }
        }
        $script:Compiled = [ordered]@{}
        foreach ($file in 'Kube.PowerShell.dll', 'dependencies/Kube.Client.dll', 'dependencies/YamlDotNet.dll') {
            $Compiled[$file] = Test-ReadyToRun (Join-Path $Bin $file)
        }
        $script:IsRelease = $Compiled['Kube.PowerShell.dll']
    }

    It 'precompiles the cmdlet assembly and its dependencies together, or none of them (a Debug build)' {
        $state = ($Compiled.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ', '
        @($Compiled.Values | Select-Object -Unique).Count | Should -Be 1 -Because $state
    }

    # The compiler skips, without a word, every method touching a type it cannot resolve: the cmdlet
    # assembly compiled without System.Management.Automation kept its code for plain helpers only.
    It 'runs the cmdlet assembly''s own code precompiled on .NET 10 (methods on PowerShell types included)' {
        if (-not $IsRelease) { Set-ItResult -Skipped -Because 'the module is a Debug build (no ReadyToRun code)'; return }
        if ([Environment]::Version.Major -ne 10) { Set-ItResult -Skipped -Because "the code is compiled for .NET 10; this is .NET $([Environment]::Version)"; return }
        $jitLog = Join-Path $TestDrive 'jit.txt'
        $command = "Import-Module '$($ModuleManifest.Replace("'", "''"))' -ErrorAction Stop"
        $saved = $env:DOTNET_JitStdOutFile, $env:DOTNET_JitDisasmSummary
        try {
            $env:DOTNET_JitStdOutFile = $jitLog
            $env:DOTNET_JitDisasmSummary = '1'
            # The runtime's JIT log itself now and then kills the process ("free(): invalid pointer",
            # exit 134 or 139: 1 import in 12 with the log, none in 16 without it), so a run that
            # died of a signal is run again.
            foreach ($attempt in 1..3) {
                Remove-Item $jitLog -ErrorAction Ignore
                $output = & ([System.Environment]::ProcessPath) (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $command 2>&1
                if ($LASTEXITCODE -lt 128) { break }
            }
        }
        finally {
            $env:DOTNET_JitStdOutFile, $env:DOTNET_JitDisasmSummary = $saved
        }
        $LASTEXITCODE | Should -Be 0 -Because ($output | Out-String)
        $jitted = @(Get-Content $jitLog | Where-Object { $_ -match 'JIT compiled Kube\.PowerShell\.' })
        # Both run at every import: one implements a PowerShell interface, one builds PowerShell's TypeData.
        $jitted | Where-Object { $_ -match 'Kube\.PowerShell\.(Loading\.ModuleInitializer|Formatting\.TypeMembers):' } |
            Should -BeNullOrEmpty -Because "their precompiled code should run; JIT-compiled instead: $($jitted -join "`n")"
        # The log is real: PowerShell's own IL-only or generic code shows in it.
        (Get-Content $jitLog | Measure-Object).Count | Should -BeGreaterThan 0
    }
}

Describe 'The cmdlet assembly and the private load context' -Tag 'Isolation' {
    BeforeAll {
        $script:CmdletAssembly = [Kube.PowerShell.Loading.ModuleInitializer].Assembly
        $script:DependencyFolder = Join-Path (Split-Path $CmdletAssembly.Location) 'dependencies'
        $script:Shipped = @(Get-ChildItem $DependencyFolder -Filter *.dll | ForEach-Object BaseName)
        $script:RuntimeFolder = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
    }

    It 'lays out the dependencies apart from the cmdlet assembly' {
        $Shipped | Should -Contain 'Kube.Client'
        $Shipped | Should -Contain 'YamlDotNet'
        Test-Path (Join-Path (Split-Path $CmdletAssembly.Location) 'Kube.Client.dll') | Should -BeFalse
    }

    It 'ships no assembly of the .NET runtime in dependencies (the runtime''s own copy serves both contexts)' {
        foreach ($name in $Shipped) {
            Test-Path (Join-Path $RuntimeFolder "$name.dll") | Should -BeFalse -Because "$name is part of the .NET runtime"
        }
    }

    It 'references nothing from dependencies but Kube.Client (anything else would bind in the default context)' {
        foreach ($reference in $CmdletAssembly.GetReferencedAssemblies()) {
            $name = $reference.Name
            if ($name -in 'Kube.Client', 'System.Management.Automation') { continue }
            $Shipped | Should -Not -Contain $name -Because "the cmdlet assembly must not reference $name directly"
            Test-Path (Join-Path $RuntimeFolder "$name.dll") | Should -BeTrue -Because "$name is neither the runtime's, PowerShell's nor Kube.Client"
        }
    }

    It 'loads Kube.Client and YamlDotNet into the module''s context, one copy each' {
        $null = ConvertFrom-KubeYaml "apiVersion: v1`nkind: ConfigMap`nmetadata:`n  name: one"
        foreach ($name in 'Kube.Client', 'YamlDotNet') {
            $copies = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $name -and $_.Location -like "$DependencyFolder*" })
            $copies.Count | Should -Be 1
            [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($copies[0]).Name | Should -Be 'Kube.PowerShell'
        }
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([Kube.PowerShell.Loading.ModuleInitializer].Assembly) |
            Should -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
    }
}

Describe 'Objects from the private context, used from scripts' -Tag 'Isolation' {
    BeforeAll {
        $script:Namespace = Get-KubeNamespace -Name default
        $script:Unstructured = ConvertFrom-KubeYaml "apiVersion: example.com/v1`nkind: Widget`nmetadata:`n  name: w`nspec:`n  size: 3`n  tags: [a, b]" -AsUnstructured
    }

    It 'resolves the module''s types by full name: -is, casts, static members, catch' {
        $Namespace -is [Kube.Client.Models.CoreV1.Namespace] | Should -BeTrue
        $Namespace -is [kube.client.models.corev1.namespace] | Should -BeTrue -Because 'PowerShell type names are case-insensitive'
        $Namespace -is [Kube.Client.Models.IKubeObject] | Should -BeTrue
        $Unstructured -is [Kube.Client.Models.Unstructured] | Should -BeTrue
        [Kube.Client.Models.CoreV1.Namespace] | Should -Be $Namespace.GetType()
        $pod = [Kube.Client.Models.CoreV1.Pod]@{ Metadata = [Kube.Client.Models.MetaV1.ObjectMeta]@{ Name = 'p' } }
        $pod.Metadata.Name | Should -Be 'p'
        (New-Object Kube.Client.Models.CoreV1.Pod).GetType() | Should -Be ([Kube.Client.Models.CoreV1.Pod])
        $caught = $null
        try { Get-KubeNamespace -Name "missing-$(Get-Random)" -ErrorAction Stop }
        catch [Kube.Client.Rest.KubeApiException] { $caught = $_.Exception }
        $caught | Should -Not -BeNullOrEmpty
        $caught.IsNotFound | Should -BeTrue
    }

    It 'keeps properties, methods, formatting and the Unstructured adapter' {
        $Namespace.Metadata.Name | Should -Be 'default'
        $Namespace.Name | Should -Be 'default' -Because 'the module adds Name (Formatting/TypeMembers)'
        $Namespace.ToString() | Should -Not -BeNullOrEmpty
        ($Namespace | Format-Table | Out-String) | Should -Match 'NAME\s+STATUS\s+AGE'
        $Unstructured.spec.size | Should -Be 3
        $Unstructured.spec.tags | Should -Be @('a', 'b')
        $Unstructured.NestedString('metadata', 'name') | Should -Be 'w'
        ($Unstructured | Get-Member -MemberType Properties).Name | Should -Contain 'spec'
    }

    # Type names after '[' complete only from PowerShell's own cache of default-context types, built
    # once per process; the objects' members, which scripts complete most, come from the objects.
    It 'completes the members of the objects' {
        $script:completionTarget = $Namespace
        $complete = { param($text) (TabExpansion2 -inputScript $text -cursorColumn $text.Length).CompletionMatches.CompletionText }
        & $complete '$completionTarget.Meta' | Should -Contain 'Metadata'
        & $complete '$completionTarget.Metadata.Na' | Should -Contain 'Name'
        $script:completionMap = $Unstructured
        & $complete '$completionMap.sp' | Should -Contain 'spec'
    }
}
