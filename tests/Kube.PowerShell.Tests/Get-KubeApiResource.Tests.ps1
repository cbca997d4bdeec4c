# Get-KubeApiResource against the local control plane: the same rows as kubectl api-resources
# (-o wide), the same filters, a CRD seen as soon as it is established, and -Cached.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')

    # kubectl api-resources' table, whose SHORTNAMES and CATEGORIES cells may be blank: columns
    # start where their header starts.
    function script:ConvertFrom-KubectlFixedTable([string] $Text) {
        $lines = @($Text -split "`r?`n" | Where-Object { $_.Trim() })
        $header = $lines[0]
        $starts = @([regex]::Matches($header, '\S+') | ForEach-Object { @{ Name = $_.Value; Start = $_.Index } })
        foreach ($line in $lines[1..($lines.Count - 1)]) {
            $row = [ordered]@{}
            for ($i = 0; $i -lt $starts.Count; $i++) {
                $start = $starts[$i].Start
                $end = if ($i + 1 -lt $starts.Count) { $starts[$i + 1].Start } else { $line.Length }
                $row[$starts[$i].Name] = if ($line.Length -le $start) { '' } else { $line.Substring($start, [Math]::Min($line.Length, $end) - $start).Trim() }
            }
            [pscustomobject]$row
        }
    }

    function script:Get-KubectlApiResources {
        $result = Invoke-Kubectl api-resources -o wide @args
        if ($result.ExitCode -ne 0) { throw "kubectl api-resources failed: $($result.Output)" }
        @(ConvertFrom-KubectlFixedTable $result.Output)
    }

    # Our objects as kubectl's wide rows.
    function script:ConvertTo-KubectlRow($Resource) {
        [pscustomobject][ordered]@{
            NAME = $Resource.Name; SHORTNAMES = $Resource.ShortNames -join ','; APIVERSION = $Resource.ApiVersion
            NAMESPACED = "$($Resource.Namespaced)".ToLowerInvariant(); KIND = $Resource.Kind
            VERBS = $Resource.Verbs -join ','; CATEGORIES = $Resource.Categories -join ','
        }
    }

    function script:Format-Rows($Rows) { @($Rows | ForEach-Object { ($_.psobject.Properties.Value) -join ' | ' }) }

    # Other tests make and delete CRDs meanwhile: compare the built-in groups, which do not change.
    function script:Select-BuiltIn($Rows) {
        @($Rows | Where-Object {
                $group = if ($_.APIVERSION -match '/') { ($_.APIVERSION -split '/')[0] } else { '' }
                $group -eq '' -or $group -match '(^|\.)k8s\.io$' -or $group -in 'apps', 'batch', 'autoscaling', 'policy', 'extensions'
            })
    }

    $script:Suffix = -join ((1..6) | ForEach-Object { [char](97 + (Get-Random -Maximum 26)) })
    $script:Group = "$Suffix.apires.example.com"
    $script:Plural = "things$Suffix"
    New-KubectlObject @{
        apiVersion = 'apiextensions.k8s.io/v1'; kind = 'CustomResourceDefinition'
        metadata = @{ name = "$Plural.$Group" }
        spec = @{
            group = $Group; scope = 'Cluster'
            names = @{ kind = "Thing$Suffix"; plural = $Plural; singular = "thing$Suffix"; shortNames = @("th$Suffix"); categories = @("cat$Suffix") }
            versions = @(@{ name = 'v1'; served = $true; storage = $true; schema = @{ openAPIV3Schema = @{ type = 'object'; 'x-kubernetes-preserve-unknown-fields' = $true } } })
        }
    }
    $null = Invoke-Kubectl wait --for=condition=Established "crd/$Plural.$Group" --timeout=60s
    Wait-Until -TimeoutSeconds 60 -Because "discovery serves $Group" { (Invoke-Kubectl get --raw "/apis/$Group/v1").ExitCode -eq 0 -and ((Invoke-Kubectl get --raw /apis).Output -join '') -match [regex]::Escape("`"$Group/v1`"") }
}

AfterAll {
    $null = Invoke-Kubectl delete crd "$Plural.$Group" --wait=false --ignore-not-found
}

Describe 'Get-KubeApiResource' -Tag 'Cmdlet', 'Integration', 'Discovery' {
    It 'lists the same resources as kubectl api-resources -o wide, in the same order' {
        $ours = @(Get-KubeApiResource | ForEach-Object { ConvertTo-KubectlRow $_ })
        $theirs = Get-KubectlApiResources
        Format-Rows (Select-BuiltIn $ours) | Should -Be (Format-Rows (Select-BuiltIn $theirs))
        Format-Rows $ours | Should -Contain @(Format-Rows @($theirs | Where-Object NAME -EQ $Plural))[0]
    }

    It 'the default view shows kubectl''s columns and cells' {
        $table = ConvertFrom-TableText (Get-KubeApiResource -ApiGroup apps | Format-Table | Out-String -Width 300)
        $table.Columns | Should -Be @('NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND')
        $kubectl = Get-KubectlApiResources --api-group=apps
        Format-Rows @($table.Rows | ForEach-Object { [pscustomobject]$_ }) | Should -Be (Format-Rows ($kubectl | Select-Object NAME, SHORTNAMES, APIVERSION, NAMESPACED, KIND))
    }

    It 'the Wide view adds VERBS and CATEGORIES, as -o wide' {
        $table = ConvertFrom-TableText (Get-KubeApiResource -ApiGroup '' | Format-Table -View Wide | Out-String -Width 400)
        $table.Columns | Should -Be @('NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', 'VERBS', 'CATEGORIES')
        $pods = $table.Rows | Where-Object NAME -EQ 'pods'
        $pods.VERBS | Should -Be ((Get-KubectlApiResources --api-group= | Where-Object NAME -EQ 'pods').VERBS)
        $pods.CATEGORIES | Should -Be 'all'
    }

    It 'filters as kubectl <KubectlFlags> does' -TestCases @(
        @{ Parameters = @{ ApiGroup = 'rbac.authorization.k8s.io' }; KubectlFlags = @('--api-group=rbac.authorization.k8s.io') }
        @{ Parameters = @{ ApiGroup = '' }; KubectlFlags = @('--api-group=') }
        @{ Parameters = @{ Namespaced = $false }; KubectlFlags = @('--namespaced=false') }
        @{ Parameters = @{ Namespaced = $true }; KubectlFlags = @('--namespaced=true') }
        @{ Parameters = @{ Verb = 'list', 'watch', 'deletecollection' }; KubectlFlags = @('--verbs=list,watch,deletecollection') }
        @{ Parameters = @{ Verb = 'create'; ApiGroup = '' }; KubectlFlags = @('--verbs=create', '--api-group=') }
        @{ Parameters = @{ Category = 'all' }; KubectlFlags = @('--categories=all') }
    ) {
        param($Parameters, $KubectlFlags)
        $p = @{} + $Parameters
        if ($p.ContainsKey('Namespaced')) { $p.Namespaced = [switch]$p.Namespaced }
        $ours = @(Get-KubeApiResource @p | ForEach-Object { ConvertTo-KubectlRow $_ })
        $theirs = Get-KubectlApiResources @KubectlFlags
        $ours.Count | Should -BeGreaterThan 0
        Format-Rows (Select-BuiltIn $ours) | Should -Be (Format-Rows (Select-BuiltIn $theirs))
    }

    It 'finds resources by name, short name or kind, with wildcards' {
        @(Get-KubeApiResource deploy).Name | Should -Be @('deployments')
        @(Get-KubeApiResource 'CronJob').Name | Should -Be @('cronjobs')
        @(Get-KubeApiResource 'pod*' | ForEach-Object FullName) | Should -Contain 'pods'
        @(Get-KubeApiResource "th$Suffix").Name | Should -Be @($Plural)
    }

    It 'lists a CRD''s resource with its scope, short names and categories' {
        $thing = Get-KubeApiResource -ApiGroup $Group
        $thing.Name | Should -Be $Plural
        $thing.Namespaced | Should -BeFalse
        $thing.ShortNames | Should -Be @("th$Suffix")
        $thing.Categories | Should -Be @("cat$Suffix")
        $thing.ApiVersion | Should -Be "$Group/v1"
    }

    It 'asks the server again by default, and not with -Cached' {
        $null = Get-KubeApiResource
        $fresh = @(Get-KubeApiResource -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^GET \S+/apis' })
        $fresh.Count | Should -BeGreaterThan 0
        $cached = @(Get-KubeApiResource -Cached -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^GET \S+/apis' })
        $cached.Count | Should -Be 0
    }
}

Describe 'Get-KubeApiVersion' -Tag 'Cmdlet', 'Integration', 'Discovery' {
    It 'lists the same versions as kubectl api-versions' {
        $theirs = @((Invoke-Kubectl api-versions).Output -split "`r?`n")
        $ours = @(Get-KubeApiVersion)
        $builtIn = { $_ -notmatch '/' -or $_ -match '^([^/]*\.k8s\.io|apps|batch|autoscaling|policy|extensions)/' }
        @($ours | Where-Object $builtIn) | Should -Be @($theirs | Where-Object $builtIn)
        $ours | Should -Contain "$Group/v1"
    }

    It 'writes strings, so -contains answers whether a version is served' {
        (Get-KubeApiVersion) -contains 'apps/v1' | Should -BeTrue
        (Get-KubeApiVersion) -contains 'apps/v9' | Should -BeFalse
        Get-KubeApiVersion | Select-Object -First 1 | Should -BeOfType ([string])
    }

    It 'answers from the cache with -Cached' {
        $null = Get-KubeApiVersion
        @(Get-KubeApiVersion -Cached -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^GET ' }).Count | Should -Be 0
    }
}
