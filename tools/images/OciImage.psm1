# Writes OCI image archives without a daemon or a registry: deterministic tar layers (sorted names,
# fixed times, numeric owners), gzip-compressed, and an OCI image layout packed into one tar that
# `ctr -n k8s.io images import` (containerd) reads. The same files give the same digests.
Set-StrictMode -Version 3.0

$script:Epoch = [DateTimeOffset]::FromUnixTimeSeconds(0)

function Get-Sha256([string] $Path) {
    $stream = [System.IO.File]::OpenRead($Path)
    try { return [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($stream)).ToLowerInvariant() }
    finally { $stream.Dispose() }
}

function Get-OciArchitecture {
    switch ([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture) {
        'X64' { 'amd64' }
        'Arm64' { 'arm64' }
        default { throw "no OCI architecture name for $_" }
    }
}

<#
.SYNOPSIS
    Writes the folder -Root as one gzip-compressed tar layer into the blob folder -Blobs.
.DESCRIPTION
    Entries are sorted by path (ordinal), owned by 0:0 unless -Owners names the path (relative, with
    forward slashes, e.g. 'home/nonroot' = '65532:65532'), with their Unix modes and a fixed
    modification time. Symbolic links stay links; hard links become copies. Returns the layer's
    digest (of the compressed blob), diff id (of the tar) and sizes.
#>
function New-OciLayer {
    param(
        [Parameter(Mandatory)] [string] $Root,
        [Parameter(Mandatory)] [string] $Blobs,
        [hashtable] $Owners = @{}
    )
    $Root = [System.IO.Path]::GetFullPath($Root)
    if (-not [System.IO.Directory]::Exists($Root)) { throw "layer root $Root does not exist" }
    $null = [System.IO.Directory]::CreateDirectory($Blobs)
    $tarPath = Join-Path $Blobs ('.layer-' + [guid]::NewGuid().ToString('n') + '.tar')
    $gzPath = "$tarPath.gz"
    try {
        $entries = [System.Collections.Generic.List[string]]::new()
        foreach ($item in [System.IO.Directory]::EnumerateFileSystemEntries($Root, '*', [System.IO.SearchOption]::AllDirectories)) {
            $entries.Add([System.IO.Path]::GetRelativePath($Root, $item).Replace('\', '/'))
        }
        $entries.Sort([System.StringComparer]::Ordinal)

        $tarStream = [System.IO.File]::Create($tarPath)
        try {
            $writer = [System.Formats.Tar.TarWriter]::new($tarStream, [System.Formats.Tar.TarEntryFormat]::Gnu, $true)
            try {
                foreach ($relative in $entries) {
                    $full = Join-Path $Root $relative
                    $info = [System.IO.FileInfo]::new($full)
                    $isLink = $null -ne $info.LinkTarget
                    $isDirectory = -not $isLink -and [System.IO.Directory]::Exists($full)
                    $type = if ($isLink) { [System.Formats.Tar.TarEntryType]::SymbolicLink }
                    elseif ($isDirectory) { [System.Formats.Tar.TarEntryType]::Directory }
                    else { [System.Formats.Tar.TarEntryType]::RegularFile }
                    $name = if ($isDirectory) { "$relative/" } else { $relative }
                    $entry = [System.Formats.Tar.GnuTarEntry]::new($type, $name)
                    $entry.ModificationTime = $script:Epoch
                    $entry.AccessTime = $script:Epoch
                    $entry.ChangeTime = $script:Epoch
                    $owner = $Owners[$relative]
                    if ($owner) {
                        $ids = "$owner".Split(':')
                        $entry.Uid = [int] $ids[0]
                        $entry.Gid = [int] $ids[-1]
                    }
                    else {
                        $entry.Uid = 0
                        $entry.Gid = 0
                    }
                    $entry.UserName = ''
                    $entry.GroupName = ''
                    if ($isLink) {
                        $entry.LinkName = $info.LinkTarget
                        $entry.Mode = [System.IO.UnixFileMode] 511   # 0777, as links are
                        $writer.WriteEntry($entry)
                        continue
                    }
                    $entry.Mode = [System.IO.File]::GetUnixFileMode($full)
                    if ($isDirectory) {
                        $writer.WriteEntry($entry)
                        continue
                    }
                    $data = [System.IO.File]::OpenRead($full)
                    try {
                        $entry.DataStream = $data
                        $writer.WriteEntry($entry)
                    }
                    finally { $data.Dispose() }
                }
            }
            finally { $writer.Dispose() }
        }
        finally { $tarStream.Dispose() }

        $diffId = Get-Sha256 $tarPath
        $tarSize = ([System.IO.FileInfo]::new($tarPath)).Length
        $source = [System.IO.File]::OpenRead($tarPath)
        try {
            $target = [System.IO.File]::Create($gzPath)
            try {
                $gzip = [System.IO.Compression.GZipStream]::new($target, [System.IO.Compression.CompressionLevel]::Optimal, $true)
                try { $source.CopyTo($gzip) } finally { $gzip.Dispose() }
            }
            finally { $target.Dispose() }
        }
        finally { $source.Dispose() }
        $digest = Get-Sha256 $gzPath
        $blob = Join-Path $Blobs $digest
        Move-Item -LiteralPath $gzPath -Destination $blob -Force
        return [pscustomobject]@{
            Digest    = "sha256:$digest"
            DiffId    = "sha256:$diffId"
            Size      = ([System.IO.FileInfo]::new($blob)).Length
            TarSize   = $tarSize
            Files     = $entries.Count
            BlobPath  = $blob
        }
    }
    finally {
        Remove-Item -LiteralPath $tarPath, $gzPath -Force -ErrorAction Ignore
    }
}

function Write-Blob([string] $Blobs, [string] $Text) {
    $bytes = [System.Text.UTF8Encoding]::new($false).GetBytes($Text)
    $digest = [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($bytes)).ToLowerInvariant()
    [System.IO.File]::WriteAllBytes((Join-Path $Blobs $digest), $bytes)
    return [pscustomobject]@{ Digest = "sha256:$digest"; Size = $bytes.Length }
}

<#
.SYNOPSIS
    Packs layers made by New-OciLayer into an OCI archive (an image layout in a tar) named -Reference.
.DESCRIPTION
    -Config is the image's runtime config (Entrypoint, Cmd, Env, User, WorkingDir, Labels...). The
    archive's index names the image with io.containerd.image.name, which ctr's import uses as the
    image name. Returns the manifest digest (what containerd reports after the import) and sizes.
#>
function New-OciImageArchive {
    param(
        [Parameter(Mandatory)] [object[]] $Layers,
        [Parameter(Mandatory)] [System.Collections.IDictionary] $Config,
        [Parameter(Mandatory)] [string] $Reference,
        [Parameter(Mandatory)] [string] $Path,
        [string] $CreatedBy = 'tools/images'
    )
    $work = Join-Path ([System.IO.Path]::GetDirectoryName([System.IO.Path]::GetFullPath($Path))) ('.layout-' + [guid]::NewGuid().ToString('n'))
    $blobs = Join-Path $work 'blobs/sha256'
    $null = New-Item -ItemType Directory -Path $blobs -Force
    try {
        foreach ($layer in $Layers) {
            # Hard links would be smaller, but the layout is packed right away; a copy is simplest.
            Copy-Item -LiteralPath $layer.BlobPath -Destination (Join-Path $blobs $layer.Digest.Substring(7))
        }
        $architecture = Get-OciArchitecture
        $imageConfig = [ordered]@{
            architecture = $architecture
            os           = 'linux'
            created      = '1970-01-01T00:00:00Z'
            config       = $Config
            rootfs       = [ordered]@{ type = 'layers'; diff_ids = @($Layers | ForEach-Object DiffId) }
            history      = @($Layers | ForEach-Object { [ordered]@{ created = '1970-01-01T00:00:00Z'; created_by = $CreatedBy } })
        }
        $configBlob = Write-Blob $blobs ($imageConfig | ConvertTo-Json -Depth 10 -Compress)
        $manifest = [ordered]@{
            schemaVersion = 2
            mediaType     = 'application/vnd.oci.image.manifest.v1+json'
            config        = [ordered]@{ mediaType = 'application/vnd.oci.image.config.v1+json'; digest = $configBlob.Digest; size = $configBlob.Size }
            layers        = @($Layers | ForEach-Object { [ordered]@{ mediaType = 'application/vnd.oci.image.layer.v1.tar+gzip'; digest = $_.Digest; size = $_.Size } })
        }
        $manifestBlob = Write-Blob $blobs ($manifest | ConvertTo-Json -Depth 10 -Compress)
        $tag = $Reference.Substring($Reference.LastIndexOf(':') + 1)
        $index = [ordered]@{
            schemaVersion = 2
            manifests     = @([ordered]@{
                    mediaType   = 'application/vnd.oci.image.manifest.v1+json'
                    digest      = $manifestBlob.Digest
                    size        = $manifestBlob.Size
                    annotations = [ordered]@{ 'io.containerd.image.name' = $Reference; 'org.opencontainers.image.ref.name' = $tag }
                    platform    = [ordered]@{ architecture = $architecture; os = 'linux' }
                })
        }
        [System.IO.File]::WriteAllText((Join-Path $work 'index.json'), ($index | ConvertTo-Json -Depth 10 -Compress))
        [System.IO.File]::WriteAllText((Join-Path $work 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')

        $temporary = "$Path.tmp"
        $archive = New-OciLayerTar -Root $work -Path $temporary
        Move-Item -LiteralPath $temporary -Destination $Path -Force
        return [pscustomobject]@{
            Reference      = $Reference
            ManifestDigest = $manifestBlob.Digest
            ArchivePath    = $Path
            ArchiveSize    = ([System.IO.FileInfo]::new($Path)).Length
            CompressedSize = ($Layers | Measure-Object -Property Size -Sum).Sum + $configBlob.Size + $manifestBlob.Size
            UnpackedSize   = ($Layers | Measure-Object -Property TarSize -Sum).Sum
        }
    }
    finally {
        Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
    }
}

# The archive itself: a plain tar of the layout, deterministic like the layers.
function New-OciLayerTar([string] $Root, [string] $Path) {
    $stream = [System.IO.File]::Create($Path)
    try {
        $writer = [System.Formats.Tar.TarWriter]::new($stream, [System.Formats.Tar.TarEntryFormat]::Gnu, $true)
        try {
            $names = [System.Collections.Generic.List[string]]::new()
            foreach ($item in [System.IO.Directory]::EnumerateFileSystemEntries($Root, '*', [System.IO.SearchOption]::AllDirectories)) {
                $names.Add([System.IO.Path]::GetRelativePath($Root, $item).Replace('\', '/'))
            }
            $names.Sort([System.StringComparer]::Ordinal)
            foreach ($name in $names) {
                $full = Join-Path $Root $name
                $isDirectory = [System.IO.Directory]::Exists($full)
                $entry = [System.Formats.Tar.GnuTarEntry]::new(
                    $(if ($isDirectory) { [System.Formats.Tar.TarEntryType]::Directory } else { [System.Formats.Tar.TarEntryType]::RegularFile }),
                    $(if ($isDirectory) { "$name/" } else { $name }))
                $entry.ModificationTime = $script:Epoch
                $entry.AccessTime = $script:Epoch
                $entry.ChangeTime = $script:Epoch
                $entry.Mode = if ($isDirectory) { [System.IO.UnixFileMode] 493 } else { [System.IO.UnixFileMode] 420 }   # 0755, 0644
                if ($isDirectory) { $writer.WriteEntry($entry); continue }
                $data = [System.IO.File]::OpenRead($full)
                try { $entry.DataStream = $data; $writer.WriteEntry($entry) } finally { $data.Dispose() }
            }
        }
        finally { $writer.Dispose() }
    }
    finally { $stream.Dispose() }
}

Export-ModuleMember -Function New-OciLayer, New-OciImageArchive, Get-Sha256, Get-OciArchitecture
