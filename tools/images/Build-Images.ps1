#requires -Version 7.0
<#
.SYNOPSIS
    Builds the controller images as OCI archives in out/images (build.ps1 Image runs it).
.DESCRIPTION
    No daemon and no registry:
      base layer   Debian packages (apt-get download, the versions apt would install on this
                   machine), unpacked with dpkg-deb and cut down to what a self-contained .NET
                   program needs: glibc, libgcc, libstdc++, OpenSSL, zlib, the CA bundle, the
                   os-release file, their copyright files, and /etc/passwd with the user
                   nonroot (65532). No shell, no package manager, no ICU (the programs run
                   globalization-invariant).
      localhost/kube-ps-ingress-controller:dev
                   examples/IngressController published self-contained and trimmed for linux
                   (the runtime pack comes from NuGet), in /app.
      localhost/kube-ps-runner:dev
                   src/Kube.PowerShell.Runner (a PowerShell 7.6 host) published self-contained,
                   in /opt/kube-ps/runner; the module as build.ps1 Build lays it out (bin/net8.0)
                   in /opt/kube-ps/module/Kube.PowerShell; the example controllers in
                   /opt/kube-ps/examples.
    Both run as 65532:65532 and write nothing outside /tmp (HOME is /tmp), so they run with a
    read-only root filesystem and an emptyDir on /tmp. Each archive is rebuilt only when its
    inputs changed (a fingerprint beside it); the layers are reproducible.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Root,
    [string] $OutDir = (Join-Path $Root 'out/images'),
    [ValidateSet('Debug', 'Release')] [string] $Configuration = 'Release',
    [string] $ModuleDir = (Join-Path $Root 'out/module/Kube.PowerShell'),
    [string] $CacheDir,
    [ValidateSet('ingress-controller', 'runner')] [string[]] $Image = @('ingress-controller', 'runner')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'OciImage.psm1') -Force

# Bump when the recipe below changes in a way the fingerprints cannot see.
$RecipeVersion = 1
$BasePackages = @('base-files', 'libc6', 'libgcc-s1', 'libstdc++6', 'libssl3', 'zlib1g', 'ca-certificates')
$NonRoot = '65532:65532'
if (-not $CacheDir) {
    $cacheRoot = if ($env:KUBE_PS_CACHE) { $env:KUBE_PS_CACHE } else { Join-Path $HOME '.cache/kube-powershell' }
    $CacheDir = Join-Path $cacheRoot 'images/debian'
}
$Work = Join-Path $OutDir 'work'
$Blobs = Join-Path $Work 'blobs'
$null = New-Item -ItemType Directory -Path $OutDir, $Work, $Blobs, $CacheDir -Force

function Write-Step([string] $text) { Write-Host "==> images: $text" -ForegroundColor Cyan }

function Invoke-Tool([string] $file, [string[]] $arguments, [string] $workingDirectory) {
    Write-Step "$file $($arguments -join ' ')"
    if ($workingDirectory) { Push-Location $workingDirectory }
    try {
        $output = & $file @arguments 2>&1
        if ($LASTEXITCODE -ne 0) { throw "$file $($arguments -join ' ') failed (exit $LASTEXITCODE):`n$(($output | Select-Object -Last 25) -join "`n")" }
        return $output
    }
    finally { if ($workingDirectory) { Pop-Location } }
}

# A fingerprint of files: their paths (relative to $Root) and contents, build outputs left out.
function Get-TreeFingerprint([string[]] $paths) {
    $lines = [System.Collections.Generic.List[string]]::new()
    foreach ($path in $paths) {
        $full = Join-Path $Root $path
        if (Test-Path -LiteralPath $full -PathType Leaf) { $files = @(Get-Item -LiteralPath $full) }
        elseif (Test-Path -LiteralPath $full) {
            $files = @(Get-ChildItem -LiteralPath $full -Recurse -File | Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' })
        }
        else { throw "fingerprint input $path does not exist" }
        foreach ($file in $files) { $lines.Add([System.IO.Path]::GetRelativePath($Root, $file.FullName).Replace('\', '/') + ' ' + (Get-Sha256 $file.FullName)) }
    }
    $lines.Sort([System.StringComparer]::Ordinal)
    $bytes = [System.Text.Encoding]::UTF8.GetBytes(($lines -join "`n"))
    return [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($bytes)).ToLowerInvariant()
}

function Test-UpToDate([string] $name, [string] $fingerprint) {
    $stamp = Join-Path $OutDir "$name.inputs"
    return (Test-Path (Join-Path $OutDir "$name.tar")) -and (Test-Path (Join-Path $OutDir "$name.json")) -and
        (Test-Path $stamp) -and ((Get-Content -Raw $stamp).Trim() -eq $fingerprint)
}

# ------------------------------------------------------------------ base layer

# The .deb files of the base packages, at the versions apt would install here, cached by file name.
function Get-BaseDebs {
    $debs = foreach ($package in $BasePackages) {
        $show = & apt-cache show --no-all-versions $package 2>$null
        if ($LASTEXITCODE -ne 0 -or -not $show) {
            Invoke-Tool apt-get @('update', '-qq') | Out-Null
            $show = & apt-cache show --no-all-versions $package 2>$null
            if ($LASTEXITCODE -ne 0 -or -not $show) { throw "apt knows no package $package (is this Debian?)" }
        }
        $fields = @{}
        foreach ($line in $show) { if ($line -match '^(Version|Architecture): (.+)$') { $fields[$Matches[1]] = $Matches[2] } }
        $file = Join-Path $CacheDir ('{0}_{1}_{2}.deb' -f $package, ($fields.Version -replace ':', '%3a'), $fields.Architecture)
        if (-not (Test-Path $file)) {
            # apt-get download checks the file against the signed index.
            Invoke-Tool apt-get @('download', '-qq', "$package=$($fields.Version)") $CacheDir | Out-Null
            if (-not (Test-Path $file)) { throw "apt-get download $package=$($fields.Version) did not write $file" }
        }
        [pscustomobject]@{ Package = $package; Version = $fields.Version; Path = $file }
    }
    return @($debs)
}

function New-BaseRootfs([object[]] $debs, [string] $rootfs) {
    $unpacked = Join-Path $Work 'base-unpacked'
    Remove-Item $unpacked, $rootfs -Recurse -Force -ErrorAction Ignore
    foreach ($deb in $debs) {
        $target = Join-Path $unpacked $deb.Package
        $null = New-Item -ItemType Directory -Path $target -Force
        Invoke-Tool dpkg-deb @('-x', $deb.Path, $target) | Out-Null
        # Shared libraries (OpenSSL's engines and providers too), nothing else: no programs, no
        # gconv modules, no locales.
        $libraries = Get-ChildItem -LiteralPath $target -Recurse -Force | Where-Object {
            -not $_.PSIsContainer -and $_.Name -match '\.so(\.[0-9.]+)?$' -and
            ([System.IO.Path]::GetRelativePath($target, $_.FullName) -match '^(usr/)?lib(64|32|x32)?/') -and
            $_.FullName -notmatch '[\\/](gconv|audit)[\\/]'
        }
        foreach ($file in $libraries) {
            $relative = [System.IO.Path]::GetRelativePath($target, $file.FullName)
            $destination = Join-Path $rootfs $relative
            $null = New-Item -ItemType Directory -Path (Split-Path $destination) -Force
            if ($file.LinkTarget) { $null = New-Item -ItemType SymbolicLink -Path $destination -Target $file.LinkTarget }
            else { Copy-Item -LiteralPath $file.FullName -Destination $destination }
        }
        $copyright = Join-Path $target "usr/share/doc/$($deb.Package)/copyright"
        if (Test-Path $copyright) {
            $null = New-Item -ItemType Directory -Path (Join-Path $rootfs "usr/share/doc/$($deb.Package)") -Force
            Copy-Item $copyright (Join-Path $rootfs "usr/share/doc/$($deb.Package)/copyright")
        }
    }
    # The CA bundle as update-ca-certificates makes it (every certificate of the package, in name
    # order), where OpenSSL looks by default on Debian.
    $certificates = Get-ChildItem (Join-Path $unpacked 'ca-certificates/usr/share/ca-certificates') -Recurse -Filter '*.crt' |
        Sort-Object { [System.IO.Path]::GetRelativePath((Join-Path $unpacked 'ca-certificates/usr/share/ca-certificates'), $_.FullName) } -Culture ([cultureinfo]::InvariantCulture)
    if (@($certificates).Count -lt 50) { throw "ca-certificates holds only $(@($certificates).Count) certificates" }
    $null = New-Item -ItemType Directory -Path (Join-Path $rootfs 'etc/ssl/certs'), (Join-Path $rootfs 'usr/lib/ssl') -Force
    $bundle = [System.Text.StringBuilder]::new()
    foreach ($certificate in $certificates) { $null = $bundle.Append(([System.IO.File]::ReadAllText($certificate.FullName)).TrimEnd()).Append("`n") }
    [System.IO.File]::WriteAllText((Join-Path $rootfs 'etc/ssl/certs/ca-certificates.crt'), $bundle.ToString())
    $null = New-Item -ItemType SymbolicLink -Path (Join-Path $rootfs 'usr/lib/ssl/certs') -Target '/etc/ssl/certs'
    $null = New-Item -ItemType SymbolicLink -Path (Join-Path $rootfs 'usr/lib/ssl/cert.pem') -Target '/etc/ssl/certs/ca-certificates.crt'
    # os-release from base-files, as Debian links it.
    $null = New-Item -ItemType Directory -Path (Join-Path $rootfs 'usr/lib') -Force
    Copy-Item (Join-Path $unpacked 'base-files/usr/lib/os-release') (Join-Path $rootfs 'usr/lib/os-release')
    $null = New-Item -ItemType SymbolicLink -Path (Join-Path $rootfs 'etc/os-release') -Target '../usr/lib/os-release'

    [System.IO.File]::WriteAllText((Join-Path $rootfs 'etc/passwd'), "root:x:0:0:root:/root:/sbin/nologin`nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin`n")
    [System.IO.File]::WriteAllText((Join-Path $rootfs 'etc/group'), "root:x:0:`nnonroot:x:65532:`n")
    [System.IO.File]::WriteAllText((Join-Path $rootfs 'etc/nsswitch.conf'), "passwd: files`ngroup: files`nhosts: files dns`n")
    foreach ($dir in 'tmp', 'root', 'home/nonroot') { $null = New-Item -ItemType Directory -Path (Join-Path $rootfs $dir) -Force }
    [System.IO.File]::SetUnixFileMode((Join-Path $rootfs 'tmp'), [System.IO.UnixFileMode] 1023)   # 1777
    [System.IO.File]::SetUnixFileMode((Join-Path $rootfs 'root'), [System.IO.UnixFileMode] 448)   # 0700
    Remove-Item $unpacked -Recurse -Force
}

function Get-BaseLayer {
    $debs = Get-BaseDebs
    $fingerprint = "recipe $RecipeVersion; " + (($debs | ForEach-Object { "$($_.Package) $($_.Version)" }) -join '; ')
    $stampPath = Join-Path $Work 'base.json'
    if (Test-Path $stampPath) {
        $cached = Get-Content -Raw $stampPath | ConvertFrom-Json
        if ($cached.Fingerprint -eq $fingerprint -and (Test-Path $cached.Layer.BlobPath) -and (Test-Path (Join-Path $Work 'base-rootfs'))) {
            return $cached
        }
    }
    Write-Step "base layer from Debian packages: $(($debs | ForEach-Object { "$($_.Package) $($_.Version)" }) -join ', ')"
    $rootfs = Join-Path $Work 'base-rootfs'
    New-BaseRootfs $debs $rootfs
    $layer = New-OciLayer -Root $rootfs -Blobs $Blobs -Owners @{ 'home/nonroot' = $NonRoot }
    $base = [pscustomobject]@{ Fingerprint = $fingerprint; Packages = @($debs | ForEach-Object { "$($_.Package) $($_.Version)" }); Layer = $layer }
    $base | ConvertTo-Json -Depth 5 | Set-Content $stampPath
    return $base
}

# Every shared library an ELF file of the app needs must be in the base layer or beside it.
function Assert-LibrariesPresent([string] $appRoot, [string] $baseRootfs) {
    $available = [System.Collections.Generic.HashSet[string]]::new()
    foreach ($dir in $baseRootfs, $appRoot) {
        Get-ChildItem -LiteralPath $dir -Recurse -Force | Where-Object { -not $_.PSIsContainer } | ForEach-Object { $null = $available.Add($_.Name) }
    }
    $missing = [System.Collections.Generic.List[string]]::new()
    foreach ($file in Get-ChildItem -LiteralPath $appRoot -Recurse -File) {
        $head = [byte[]]::new(4)
        $stream = [System.IO.File]::OpenRead($file.FullName)
        try { $read = $stream.Read($head, 0, 4) } finally { $stream.Dispose() }
        if ($read -lt 4 -or $head[0] -ne 0x7f -or $head[1] -ne 0x45 -or $head[2] -ne 0x4c -or $head[3] -ne 0x46) { continue }
        foreach ($line in (& readelf -d $file.FullName 2>$null)) {
            if ($line -match 'NEEDED\)\s+Shared library: \[(.+)\]' -and -not $available.Contains($Matches[1])) {
                $missing.Add("$([System.IO.Path]::GetRelativePath($appRoot, $file.FullName)) needs $($Matches[1])")
            }
        }
    }
    # Loaded with dlopen by the runtime, so no NEEDED entry names them.
    foreach ($library in 'libssl.so.3', 'libcrypto.so.3', 'libz.so.1') {
        if (-not $available.Contains($library)) { $missing.Add("the .NET runtime loads $library") }
    }
    if ($missing.Count) { throw "the base layer lacks libraries:`n  $($missing -join "`n  ")" }
}

# ------------------------------------------------------------------ images

function Publish-App([string] $project, [string] $output) {
    Remove-Item $output -Recurse -Force -ErrorAction Ignore
    $rid = "linux-$(if ((Get-OciArchitecture) -eq 'amd64') { 'x64' } else { 'arm64' })"
    Invoke-Tool dotnet @('publish', $project, '-c', $Configuration, '-r', $rid, '--self-contained', '-o', $output, '--nologo', '-v', 'q',
        '-p:DebugType=none', '-p:GenerateDocumentationFile=false') $Root | Out-Host
    Get-ChildItem $output -Recurse -File -Include '*.pdb', '*.dbg', '*.xml' | Where-Object { $_.Name -notlike '*.ps1xml' -and $_.Name -notlike '*-Help.xml' } | Remove-Item -Force
    # The runtime's LTTng trace provider needs liblttng-ust, which the image leaves out; without
    # the provider the runtime simply does not emit LTTng events.
    Remove-Item (Join-Path $output 'libcoreclrtraceptprovider.so') -Force -ErrorAction Ignore
}

function Write-ImageInfo([string] $name, [object] $archive, [object[]] $layers, [object] $base, [string] $fingerprint) {
    $info = [ordered]@{
        Reference      = $archive.Reference
        ManifestDigest = $archive.ManifestDigest
        Archive        = [System.IO.Path]::GetRelativePath($Root, $archive.ArchivePath)
        ArchiveBytes   = $archive.ArchiveSize
        CompressedBytes = $archive.CompressedSize
        UnpackedBytes  = $archive.UnpackedSize
        Layers         = @($layers | ForEach-Object { [ordered]@{ Digest = $_.Digest; CompressedBytes = $_.Size; UnpackedBytes = $_.TarSize; Files = $_.Files } })
        BasePackages   = $base.Packages
    }
    $info | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $OutDir "$name.json")
    Set-Content (Join-Path $OutDir "$name.digest") $archive.ManifestDigest
    Set-Content (Join-Path $OutDir "$name.inputs") $fingerprint
    Write-Host ("images: {0} {1}: {2:N1} MiB compressed, {3:N1} MiB unpacked ({4})" -f $archive.Reference, $archive.ManifestDigest.Substring(0, 19),
        ($archive.CompressedSize / 1MB), ($archive.UnpackedSize / 1MB), [System.IO.Path]::GetRelativePath($Root, $archive.ArchivePath))
}

$commonEnv = @(
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    # Read-only root filesystem: everything a process writes goes to /tmp (an emptyDir in the manifests).
    'HOME=/tmp',
    'DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1'
)
$base = $null
$dotnetVersion = (& dotnet --version).Trim()

if ('ingress-controller' -in $Image) {
    $name = 'ingress-controller'
    $inputs = @('src/Kube.Client', 'examples/IngressController', 'Directory.Build.props', 'Directory.Packages.props', 'tools/images')
    $base = Get-BaseLayer
    $fingerprint = "recipe $RecipeVersion; sdk $dotnetVersion; $Configuration; base $($base.Layer.Digest); $(Get-TreeFingerprint $inputs)"
    if (Test-UpToDate $name $fingerprint) {
        Write-Host "images: $name is up to date ($(Join-Path $OutDir "$name.tar"))"
    }
    else {
        $appRoot = Join-Path $Work "$name-rootfs"
        Remove-Item $appRoot -Recurse -Force -ErrorAction Ignore
        Publish-App 'examples/IngressController/IngressController.csproj' (Join-Path $appRoot 'app')
        Assert-LibrariesPresent $appRoot (Join-Path $Work 'base-rootfs')
        $layer = New-OciLayer -Root $appRoot -Blobs $Blobs
        $config = [ordered]@{
            User       = $NonRoot
            Entrypoint = @('/app/IngressController')
            Cmd        = @('--help')
            Env        = $commonEnv
            WorkingDir = '/tmp'
            Labels     = [ordered]@{ 'org.opencontainers.image.title' = 'kube-ps-ingress-controller'; 'org.opencontainers.image.description' = 'examples/IngressController: Services annotated ingress/http get an Ingress (Kube.Client)' }
        }
        $archive = New-OciImageArchive -Layers @($base.Layer, $layer) -Config $config -Reference 'localhost/kube-ps-ingress-controller:dev' -Path (Join-Path $OutDir "$name.tar") -CreatedBy 'tools/images/Build-Images.ps1'
        Write-ImageInfo $name $archive @($base.Layer, $layer) $base $fingerprint
    }
}

if ('runner' -in $Image) {
    $name = 'runner'
    if (-not (Test-Path (Join-Path $ModuleDir 'bin/net8.0/Kube.PowerShell.dll'))) {
        throw "the module is not built at $ModuleDir (run build.ps1 Build first)"
    }
    $base = if ($base) { $base } else { Get-BaseLayer }
    $moduleFingerprint = (Get-ChildItem $ModuleDir -Recurse -File | Where-Object { $_.FullName -notmatch '[\\/]bin[\\/]netstandard2\.0[\\/]' } | Sort-Object FullName |
        ForEach-Object { [System.IO.Path]::GetRelativePath($ModuleDir, $_.FullName) + ' ' + (Get-Sha256 $_.FullName) }) -join "`n"
    $moduleHash = [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($moduleFingerprint))).ToLowerInvariant()
    $inputs = @('src/Kube.PowerShell.Runner', 'examples/ingress-controller.ps1', 'Directory.Build.props', 'Directory.Packages.props', 'tools/images')
    $fingerprint = "recipe $RecipeVersion; sdk $dotnetVersion; $Configuration; base $($base.Layer.Digest); module $moduleHash; $(Get-TreeFingerprint $inputs)"
    if (Test-UpToDate $name $fingerprint) {
        Write-Host "images: $name is up to date ($(Join-Path $OutDir "$name.tar"))"
    }
    else {
        $appRoot = Join-Path $Work "$name-rootfs"
        Remove-Item $appRoot -Recurse -Force -ErrorAction Ignore
        # The runner and the module change at different rates: two layers, so a module change
        # leaves the runner's (larger) layer as it was.
        $runnerRoot = Join-Path $Work "$name-host-rootfs"
        $runnerStamp = Join-Path $Work "$name-host.json"
        $runnerFingerprint = "recipe $RecipeVersion; sdk $dotnetVersion; $Configuration; $(Get-TreeFingerprint @('src/Kube.PowerShell.Runner', 'Directory.Build.props', 'Directory.Packages.props', 'tools/images'))"
        $runnerLayer = $null
        if (Test-Path $runnerStamp) {
            $cached = Get-Content -Raw $runnerStamp | ConvertFrom-Json
            if ($cached.Fingerprint -eq $runnerFingerprint -and (Test-Path $cached.Layer.BlobPath)) { $runnerLayer = $cached.Layer }
        }
        if (-not $runnerLayer) {
            Remove-Item $runnerRoot -Recurse -Force -ErrorAction Ignore
            $runnerDir = Join-Path $runnerRoot 'opt/kube-ps/runner'
            Publish-App 'src/Kube.PowerShell.Runner/Kube.PowerShell.Runner.csproj' $runnerDir
            # PowerShell finds its own modules (Microsoft.PowerShell.Utility: Out-String, Select-Object...)
            # in $PSHOME/Modules; the SDK package brings them as content files under runtimes/<os>.
            $modules = Join-Path $runnerDir 'runtimes/unix/lib/net10.0/Modules'
            if (-not (Test-Path (Join-Path $modules 'Microsoft.PowerShell.Utility/Microsoft.PowerShell.Utility.psd1'))) {
                throw "the runner's publish output has no PowerShell modules at $modules"
            }
            Move-Item $modules (Join-Path $runnerDir 'Modules')
            Remove-Item (Join-Path $runnerDir 'runtimes') -Recurse -Force
            Assert-LibrariesPresent $runnerRoot (Join-Path $Work 'base-rootfs')
            $runnerLayer = New-OciLayer -Root $runnerRoot -Blobs $Blobs
            [ordered]@{ Fingerprint = $runnerFingerprint; Layer = $runnerLayer } | ConvertTo-Json -Depth 5 | Set-Content $runnerStamp
        }
        # The module as build.ps1 Build lays it out, for PowerShell 7 only (bin/net8.0).
        $moduleTarget = Join-Path $appRoot 'opt/kube-ps/module/Kube.PowerShell'
        $null = New-Item -ItemType Directory -Path $moduleTarget -Force
        Get-ChildItem $ModuleDir -Force | Where-Object Name -ne 'bin' | Copy-Item -Destination $moduleTarget -Recurse
        $null = New-Item -ItemType Directory -Path (Join-Path $moduleTarget 'bin') -Force
        Copy-Item (Join-Path $ModuleDir 'bin/net8.0') (Join-Path $moduleTarget 'bin/net8.0') -Recurse
        $examples = Join-Path $appRoot 'opt/kube-ps/examples'
        $null = New-Item -ItemType Directory -Path $examples -Force
        Copy-Item (Join-Path $Root 'examples/ingress-controller.ps1') $examples
        $moduleLayer = New-OciLayer -Root $appRoot -Blobs $Blobs
        $config = [ordered]@{
            User       = $NonRoot
            Entrypoint = @('/opt/kube-ps/runner/kube-ps-runner')
            Cmd        = @('--help')
            Env        = $commonEnv + @(
                'KUBE_PS_MODULE=/opt/kube-ps/module/Kube.PowerShell',
                'POWERSHELL_TELEMETRY_OPTOUT=1',
                'POWERSHELL_UPDATECHECK=Off')
            WorkingDir = '/tmp'
            Labels     = [ordered]@{ 'org.opencontainers.image.title' = 'kube-ps-runner'; 'org.opencontainers.image.description' = 'Runs a PowerShell controller script with Kube.PowerShell' }
        }
        $layers = @($base.Layer, $runnerLayer, $moduleLayer)
        $archive = New-OciImageArchive -Layers $layers -Config $config -Reference 'localhost/kube-ps-runner:dev' -Path (Join-Path $OutDir "$name.tar") -CreatedBy 'tools/images/Build-Images.ps1'
        Write-ImageInfo $name $archive $layers $base $fingerprint
    }
}
