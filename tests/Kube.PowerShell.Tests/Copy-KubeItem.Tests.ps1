# Copy-KubeItem against a pod running on the local node, with kubectl cp as the oracle.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'cp'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    Wait-NamespaceReady $Ns
    New-TestPod -Namespace $Ns -Name 'box' -Run
    $null = Invoke-Kubectl -n $Ns exec box '--' sh -c 'mkdir -p /data/sub && head -c 2000000 /dev/urandom > /data/big.bin && echo hello > /data/sub/hello.txt'
    $script:Local = Join-Path ([System.IO.Path]::GetTempPath()) ('pester-cp-' + [guid]::NewGuid().ToString('n').Substring(0, 6))
    New-Item -ItemType Directory $Local | Out-Null

    function Get-TreeHash([string] $Root) {
        Get-ChildItem -LiteralPath $Root -Recurse -File | Sort-Object FullName | ForEach-Object {
            [System.IO.Path]::GetRelativePath($Root, $_.FullName) + ' ' + (Get-FileHash -LiteralPath $_.FullName -Algorithm SHA256).Hash
        }
    }
}

AfterAll {
    Remove-Item -LiteralPath $Local -Recurse -Force -ErrorAction Ignore
    Remove-TestNamespace $Ns
}

Describe 'Copy-KubeItem' {
    It 'copies a file out byte-identical to kubectl cp' {
        $result = Copy-KubeItem "$Ns/box:/data/big.bin" (Join-Path $Local 'ours.bin') -PassThru
        (Invoke-Kubectl -n $Ns cp box:/data/big.bin (Join-Path $Local 'theirs.bin')).ExitCode | Should -Be 0

        (Get-FileHash (Join-Path $Local 'ours.bin')).Hash | Should -Be (Get-FileHash (Join-Path $Local 'theirs.bin')).Hash
        (Get-Item (Join-Path $Local 'ours.bin')).Length | Should -Be 2000000
        $result.Files | Should -Be 1
        $result.Bytes | Should -Be 2000000
    }

    It 'copies a directory out as kubectl cp does, with -Namespace and a relative local path' {
        Push-Location $Local
        try {
            Copy-KubeItem -Namespace $Ns box:/data ours-dir
        }
        finally {
            Pop-Location
        }
        (Invoke-Kubectl -n $Ns cp box:/data (Join-Path $Local 'theirs-dir')).ExitCode | Should -Be 0

        Get-TreeHash (Join-Path $Local 'ours-dir') | Should -Be (Get-TreeHash (Join-Path $Local 'theirs-dir'))
        Get-Content (Join-Path $Local 'ours-dir/sub/hello.txt') | Should -Be 'hello'
    }

    It 'copies a local directory in, byte-identical' {
        $dir = Join-Path $Local 'up'
        New-Item -ItemType Directory (Join-Path $dir 'nested') -Force | Out-Null
        [System.IO.File]::WriteAllBytes((Join-Path $dir 'a.bin'), [byte[]](1..250 * 400))
        Set-Content -Path (Join-Path $dir 'nested/b.txt') -Value 'bee'

        Copy-KubeItem $dir "$Ns/box:/tmp/up"
        (Invoke-Kubectl -n $Ns cp box:/tmp/up (Join-Path $Local 'back')).ExitCode | Should -Be 0

        Get-TreeHash (Join-Path $Local 'back') | Should -Be (Get-TreeHash $dir)
        (& kubectl --kubeconfig $ClusterKubeconfig -n $Ns exec box -- sha256sum /tmp/up/a.bin).Split(' ')[0] |
            Should -Be (Get-FileHash (Join-Path $dir 'a.bin') -Algorithm SHA256).Hash.ToLowerInvariant()
    }

    It '-WhatIf copies nothing' {
        Copy-KubeItem "$Ns/box:/data/sub/hello.txt" (Join-Path $Local 'whatif.txt') -WhatIf
        Test-Path (Join-Path $Local 'whatif.txt') | Should -BeFalse
    }

    It 'names the error for <Case>' -TestCases @(
        @{ Case = 'a remote path that does not exist'; From = 'box:/no/such/file'; To = 'LOCAL'; Id = 'RemotePathNotFound'; Message = '*/no/such/file*' }
        @{ Case = 'a local path that does not exist'; From = 'LOCAL/missing'; To = 'box:/tmp/x'; Id = '*'; Message = '*missing*' }
        @{ Case = 'two local paths'; From = 'LOCAL/a'; To = 'LOCAL/b'; Id = 'InvalidPath'; Message = '*Both paths are local*' }
        @{ Case = 'an unknown container'; From = 'box:/data'; To = 'LOCAL/c'; Id = 'ContainerNotFound'; Message = '*no container "nope"*'; Container = 'nope' }
    ) {
        param($Case, $From, $To, $Id, $Message, $Container)
        $From = $From.Replace('LOCAL', $Local); $To = $To.Replace('LOCAL', $Local)
        $extra = if ($Container) { @{ Container = $Container } } else { @{} }
        $failed = $null
        try { Copy-KubeItem -Namespace $Ns $From $To @extra -ErrorAction SilentlyContinue -ErrorVariable failed } catch { $failed = @($_) }

        @($failed).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike "$Id*"
        $failed[0].Exception.Message | Should -BeLike $Message
    }
}
