# Help: docs/<Cmdlet>.md, turned into MAML by tools/help/ConvertTo-MamlHelp.ps1 at build time,
# is what Get-Help shows, and it matches the cmdlets' real parameters.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:CommandCases = @(Get-Command -Module Kube.PowerShell -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Converter = Join-Path $RepoRoot 'tools/help/ConvertTo-MamlHelp.ps1'
    $script:HelpFile = Join-Path (Split-Path $ModuleManifest) 'en-US/Kube.PowerShell.dll-Help.xml'
    $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

    # How the docs write a parameter's type.
    function script:Get-DocTypeName([type] $Type) {
        $underlying = [Nullable]::GetUnderlyingType($Type)
        if ($underlying) { $Type = $underlying }
        $Type.Name
    }

    function script:Get-PipelineText($Parameter) {
        $by = @()
        if ($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.ValueFromPipelineByPropertyName }) { $by += 'ByPropertyName' }
        if ($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.ValueFromPipeline }) { $by += 'ByValue' }
        if ($by) { "True ($($by -join ', '))" } else { 'False' }
    }
}

Describe 'Help' -Tag 'Help' {
    It 'the build wrote the MAML help file beside the module' {
        $HelpFile | Should -Exist
        ([xml](Get-Content -Raw $HelpFile)).helpItems.schema | Should -Be 'maml'
    }

    It '<Name> has docs/<Name>.md' -TestCases $CommandCases {
        param($Name)
        Join-Path $RepoRoot "docs/$Name.md" | Should -Exist
    }

    It '<Name> has a synopsis, a description and examples' -TestCases $CommandCases {
        param($Name)
        $help = Get-Help $Name -Full
        $synopsis = "$($help.Synopsis)".Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        # Without a help file, PowerShell makes the synopsis from the syntax.
        $synopsis | Should -Not -BeLike "$Name *"
        ($help.description.Text -join "`n").Trim() | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterThan 0
        foreach ($example in $help.examples.example) {
            $example.code | Should -Match $Name -Because "an example of $Name uses it"
        }
    }

    It '<Name>: every parameter is documented as the cmdlet declares it' -TestCases $CommandCases {
        param($Name)
        $command = Get-Command $Name
        $documented = @((Get-Help $Name -Full).parameters.parameter)
        foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -notin $Common }) {
            $doc = $documented | Where-Object name -EQ $parameter.Name
            $doc | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) of $Name needs a help entry"
            ($doc.description.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) needs a description"
            $doc.type.name | Should -Be (Get-DocTypeName $parameter.ParameterType) -Because "the type of -$($parameter.Name)"
            $sets = $parameter.ParameterSets.Values
            $doc.required | Should -Be ([bool]($sets | Where-Object IsMandatory)).ToString().ToLowerInvariant() -Because "-$($parameter.Name) Required"
            $positions = @($sets | Where-Object { $_.Position -ge 0 } | ForEach-Object Position | Select-Object -Unique)
            $doc.position | Should -Be $(if ($positions.Count -gt 0) { "$($positions[0])" } else { 'named' }) -Because "-$($parameter.Name) Position"
            $doc.pipelineInput | Should -Be (Get-PipelineText $parameter) -Because "-$($parameter.Name) pipeline input"
            $wildcards = [bool]($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
            $doc.globbing | Should -Be $wildcards.ToString().ToLowerInvariant() -Because "-$($parameter.Name) wildcards"
            $aliases = if ($parameter.Aliases.Count) { $parameter.Aliases -join ', ' } else { 'none' }
            $doc.aliases | Should -Be $aliases -Because "-$($parameter.Name) aliases"
        }
        foreach ($doc in $documented) {
            $command.Parameters.Keys | Should -Contain $doc.name -Because "the help of $Name documents -$($doc.name)"
        }
    }

    It '<Name>: each syntax of the help is a parameter set of the cmdlet' -TestCases $CommandCases {
        param($Name)
        $command = Get-Command $Name
        $syntax = @((Get-Help $Name -Full).syntax.syntaxItem)
        $syntax.Count | Should -Be $command.ParameterSets.Count
        $basic = [System.Management.Automation.Cmdlet]::CommonParameters
        $actual = foreach ($set in $command.ParameterSets) { (@($set.Parameters.Name | Where-Object { $_ -notin $basic }) | Sort-Object) -join ',' }
        foreach ($item in $syntax) {
            (@($item.parameter.name) | Sort-Object) -join ',' | Should -BeIn $actual
        }
    }

    It 'Get-Help -Examples shows the examples of <Name>' -TestCases $CommandCases {
        param($Name)
        $text = Get-Help $Name -Examples | Out-String -Width 200
        $text | Should -Match 'Example 1'
        $text | Should -Match ([regex]::Escape($Name))
    }

    It 'Get-Help Get-KubePod -Full shows the description, a parameter and a note' {
        $text = Get-Help Get-KubePod -Full | Out-String -Width 200
        $text | Should -Match 'DESCRIPTION'
        $text | Should -Match 'Get-KubePod reads pods from the cluster of the current context'
        $text | Should -Match '-PageSize <Int32>'
        $text | Should -Match 'Ctrl\+C stops the command'
    }

    It 'Get-Help -Parameter shows one parameter' {
        $parameter = Get-Help Remove-KubeNamespace -Parameter Timeout
        $parameter.name | Should -Be 'Timeout'
        ($parameter.description.Text -join ' ') | Should -Match '90s'
    }
}

Describe 'ConvertTo-MamlHelp' -Tag 'Help' {
    BeforeAll {
        $script:Good = @'
# Get-Thing

## SYNOPSIS
Gets things.

## SYNTAX

### __AllParameterSets
```
Get-Thing [-Name] <String>
```

## DESCRIPTION
Gets things,
one line.

- first item
- second item

## EXAMPLES

### Example 1: One thing
```powershell
Get-Thing a
```

```output
a
```

It is a.

## PARAMETERS

### -Name
The name.

```yaml
Type: String
Parameter Sets: (All)
Aliases:

Required: True
Position: 0
Default value: None
Accept pipeline input: False
Accept wildcard characters: False
```

## INPUTS

### None

## OUTPUTS

### System.String
A thing.
'@
    }

    It 'writes one command with its paragraphs, example and parameter' {
        $docs = Join-Path $TestDrive 'good'
        $null = New-Item -ItemType Directory $docs
        Set-Content (Join-Path $docs 'Get-Thing.md') $Good
        $out = Join-Path $TestDrive 'good.xml'
        & $Converter -Path $docs -OutputPath $out 6>$null
        $xml = [xml](Get-Content -Raw $out)
        $ns = [System.Xml.XmlNamespaceManager]::new($xml.NameTable)
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        $xml.SelectSingleNode('//command:details/command:name', $ns).InnerText | Should -Be 'Get-Thing'
        $xml.SelectSingleNode('//command:details/maml:description/maml:para', $ns).InnerText | Should -Be 'Gets things.'
        @($xml.SelectNodes('/*/command:command/maml:description/maml:para', $ns).InnerText) | Should -Be @('Gets things, one line.', '- first item', '- second item')
        $xml.SelectSingleNode('//command:example/dev:code', $ns).InnerText | Should -Be 'Get-Thing a'
        @($xml.SelectNodes('//command:example/dev:remarks/maml:para', $ns).InnerText) | Should -Be @('a', 'It is a.')
        $parameter = $xml.SelectSingleNode('//command:parameters/command:parameter', $ns)
        $parameter.required | Should -Be 'true'
        $parameter.position | Should -Be '0'
    }

    It 'stops at a file without <Section>, naming the file and what is required' -TestCases @(
        @{ Section = 'EXAMPLES' }, @{ Section = 'DESCRIPTION' }, @{ Section = 'PARAMETERS' }
    ) {
        param($Section)
        $docs = Join-Path $TestDrive "no-$Section"
        $null = New-Item -ItemType Directory $docs -Force
        $text = [regex]::Replace($Good, "(?ms)^## $Section\r?\n.*?(?=^## |\z)", '')
        $file = Join-Path $docs 'Get-Thing.md'
        Set-Content $file $text
        { & $Converter -Path $docs -OutputPath (Join-Path $TestDrive 'x.xml') } | Should -Throw "*Get-Thing.md: no '## $Section' section*"
    }

    It 'stops at a parameter without a Position line, naming the file and line' {
        $docs = Join-Path $TestDrive 'no-position'
        $null = New-Item -ItemType Directory $docs
        Set-Content (Join-Path $docs 'Get-Thing.md') ($Good -replace '(?m)^Position: 0\r?\n', '')
        { & $Converter -Path $docs -OutputPath (Join-Path $TestDrive 'y.xml') } | Should -Throw "*Get-Thing.md:*: the parameter's yaml block has no 'Position:' line"
    }

    It 'stops at an example without code' {
        $docs = Join-Path $TestDrive 'no-code'
        $null = New-Item -ItemType Directory $docs
        Set-Content (Join-Path $docs 'Get-Thing.md') ($Good -replace '(?ms)```powershell\r?\nGet-Thing a\r?\n```', 'Just text.' -replace '(?ms)```output\r?\na\r?\n```', '')
        { & $Converter -Path $docs -OutputPath (Join-Path $TestDrive 'z.xml') } | Should -Throw "*example 'Example 1: One thing' has no code block*"
    }
}
