#requires -Version 7.0
<#
.SYNOPSIS
    Turns docs/<Cmdlet>.md (platyPS-style markdown) into one MAML help file for Get-Help.

.DESCRIPTION
    Reads every *.md file of -Path that has a "# <Verb>-<Noun>" title and writes the MAML file
    PowerShell looks for beside a binary module (<Assembly>.dll-Help.xml in a culture folder).
    The markdown follows platyPS's layout:

        # Get-KubePod
        ## SYNOPSIS            one paragraph
        ## SYNTAX              ### <set name> followed by a fenced block (informational; the
                               MAML syntax is built from the parameters' "Parameter Sets")
        ## DESCRIPTION         paragraphs and "-" lists
        ## EXAMPLES            ### <title>, a fenced code block, then remarks (more text and
                               fenced output blocks)
        ## PARAMETERS          ### -<Name>, a description, then a ```yaml block with Type,
                               Parameter Sets, Aliases, Required, Position, Default value,
                               Accept pipeline input, Accept wildcard characters
                               (### CommonParameters is skipped: Get-Help adds it)
        ## INPUTS / OUTPUTS    ### <type name> followed by a description
        ## NOTES               paragraphs
        ## RELATED LINKS       "- [text](uri)" or "- text" lines

    A file that lacks a required section, or a parameter block that lacks a field, stops the
    conversion with the file, the line and what was expected.

.EXAMPLE
    ./tools/help/ConvertTo-MamlHelp.ps1 -Path docs -OutputPath out/module/Kube.PowerShell/en-US/Kube.PowerShell.dll-Help.xml
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$MamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$CommandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$DevNs = 'http://schemas.microsoft.com/maml/dev/2004/10'
$RequiredSections = @('SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS')
$ParameterFields = @('Type', 'Parameter Sets', 'Aliases', 'Required', 'Position', 'Default value', 'Accept pipeline input', 'Accept wildcard characters')

function Stop-Conversion([string] $File, [int] $Line, [string] $Message) {
    $where = if ($Line -gt 0) { "${File}:$Line" } else { $File }
    throw "${where}: $Message"
}

# ------------------------------------------------------------------ markdown

# Splits a file into its "## " sections: name -> @{ Line; Lines = @(@{ Text; Number }) }.
function Read-Sections([string] $File) {
    $lines = [System.IO.File]::ReadAllLines($File)
    $title = $null
    $sections = [ordered]@{}
    $current = $null
    $inFence = $false
    $inFrontMatter = $false
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $text = $lines[$i]
        if ($i -eq 0 -and $text -eq '---') { $inFrontMatter = $true; continue }
        if ($inFrontMatter) { if ($text -eq '---') { $inFrontMatter = $false }; continue }
        if ($text -match '^```') { $inFence = -not $inFence }
        if (-not $inFence -and $text -match '^# (\S+)\s*$' -and -not $title) { $title = $Matches[1]; continue }
        if (-not $inFence -and $text -match '^## (.+?)\s*$') {
            $name = $Matches[1].ToUpperInvariant()
            if ($sections.Contains($name)) { Stop-Conversion $File ($i + 1) "section '## $name' appears twice" }
            $current = @{ Line = $i + 1; Lines = [System.Collections.Generic.List[object]]::new() }
            $sections[$name] = $current
            continue
        }
        if ($current) { $current.Lines.Add(@{ Text = $text; Number = $i + 1 }) }
    }
    if ($inFence) { Stop-Conversion $File $lines.Count 'a ``` code fence is not closed' }
    if (-not $title) { Stop-Conversion $File 1 "no '# <Verb>-<Noun>' title" }
    [pscustomobject]@{ Title = $title; Sections = $sections }
}

# Splits a section's lines into "### " subsections, written one by one: @{ Name; Line; Lines }.
function Split-Subsections([string] $File, $Section) {
    $result = [System.Collections.Generic.List[object]]::new()
    $current = $null
    $inFence = $false
    foreach ($line in $Section.Lines) {
        if ($line.Text -match '^```') { $inFence = -not $inFence }
        if (-not $inFence -and $line.Text -match '^### (.+?)\s*$') {
            $current = @{ Name = $Matches[1]; Line = $line.Number; Lines = [System.Collections.Generic.List[object]]::new() }
            $result.Add($current)
            continue
        }
        if ($current) { $current.Lines.Add($line) }
        elseif ($line.Text.Trim()) { Stop-Conversion $File $line.Number "text before the first '### ' heading of this section" }
    }
    $result
}

# Blocks of a run of lines, written one by one: @{ Kind = 'para'|'code'; Text; Language; Line }. A paragraph's
# lines are joined; each "- " list item keeps a line of its own.
function Get-Blocks($Lines) {
    $blocks = [System.Collections.Generic.List[object]]::new()
    $para = [System.Collections.Generic.List[string]]::new()
    $code = $null
    $flush = {
        if ($para.Count -gt 0) {
            $blocks.Add(@{ Kind = 'para'; Text = ($para -join "`n") })
            $para.Clear()
        }
    }
    foreach ($line in $Lines) {
        $text = $line.Text
        if ($null -ne $code) {
            if ($text -match '^```\s*$') { $blocks.Add($code); $code = $null }
            else { $code.Lines.Add($text) }
            continue
        }
        if ($text -match '^```\s*(\S*)') {
            & $flush
            $code = @{ Kind = 'code'; Language = $Matches[1]; Lines = [System.Collections.Generic.List[string]]::new(); Line = $line.Number }
            continue
        }
        if (-not $text.Trim()) { & $flush; continue }
        # A list item starts a line of its own; any other line continues the one before.
        if ($text -match '^\s*[-*] ' -or $para.Count -eq 0) { $para.Add($text.Trim()) }
        else { $para[$para.Count - 1] += ' ' + $text.Trim() }
    }
    & $flush
    foreach ($block in $blocks) { if ($block.Kind -eq 'code') { $block.Text = ($block.Lines -join "`n") } }
    $blocks
}

# Markdown inline markup to plain text: `code`, **bold**, *em*, [text](uri).
function ConvertTo-PlainText([string] $Text) {
    $Text = [regex]::Replace($Text, '\[([^\]]+)\]\(([^)]+)\)', '$1 ($2)')
    $Text = [regex]::Replace($Text, '\*\*([^*]+)\*\*', '$1')
    $Text = [regex]::Replace($Text, '(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])', '$1')
    $Text = [regex]::Replace($Text, '`([^`]+)`', '$1')
    $Text
}

# The fields of a parameter's ```yaml block.
function Read-ParameterFields([string] $File, $Block) {
    $fields = @{}
    foreach ($text in $Block.Lines) {
        if (-not $text.Trim()) { continue }
        if ($text -notmatch '^([A-Za-z ]+):\s*(.*)$') { Stop-Conversion $File $Block.Line "unreadable line in the parameter's yaml block: '$text'" }
        $fields[$Matches[1].Trim()] = $Matches[2].Trim()
    }
    foreach ($field in $ParameterFields) {
        if (-not $fields.ContainsKey($field)) { Stop-Conversion $File $Block.Line "the parameter's yaml block has no '${field}:' line" }
    }
    $fields
}

# ------------------------------------------------------------------ reading a command

function Read-CommandHelp([string] $File) {
    $doc = Read-Sections $File
    foreach ($name in $RequiredSections) {
        if (-not $doc.Sections.Contains($name)) { Stop-Conversion $File 0 "no '## $name' section (required: $($RequiredSections -join ', '))" }
    }
    if ($doc.Title -notmatch '^([A-Za-z]+)-([A-Za-z]+)$') { Stop-Conversion $File 1 "the title '$($doc.Title)' is not <Verb>-<Noun>" }
    $verb, $noun = $Matches[1], $Matches[2]

    $synopsis = @(Get-Blocks $doc.Sections['SYNOPSIS'].Lines | Where-Object { $_.Kind -eq 'para' })
    if ($synopsis.Count -eq 0) { Stop-Conversion $File $doc.Sections['SYNOPSIS'].Line 'the synopsis is empty' }
    $description = @(Get-Blocks $doc.Sections['DESCRIPTION'].Lines)
    if ($description.Count -eq 0) { Stop-Conversion $File $doc.Sections['DESCRIPTION'].Line 'the description is empty' }

    $examples = foreach ($sub in Split-Subsections $File $doc.Sections['EXAMPLES']) {
        $blocks = @(Get-Blocks $sub.Lines)
        $first = [Array]::FindIndex($blocks, [Predicate[object]] { param($b) $b.Kind -eq 'code' })
        if ($first -lt 0) { Stop-Conversion $File $sub.Line "example '$($sub.Name)' has no code block" }
        @{
            Title = $sub.Name
            Introduction = @($blocks | Select-Object -First $first)
            Code = $blocks[$first].Text
            Remarks = @($blocks | Select-Object -Skip ($first + 1))
        }
    }
    if (@($examples).Count -eq 0) { Stop-Conversion $File $doc.Sections['EXAMPLES'].Line 'no example (### <title> and a code block)' }

    $parameters = foreach ($sub in Split-Subsections $File $doc.Sections['PARAMETERS']) {
        if ($sub.Name -eq 'CommonParameters') { continue }
        if ($sub.Name -notmatch '^-(\w+)$') { Stop-Conversion $File $sub.Line "parameter heading '### $($sub.Name)' is not '### -<Name>'" }
        $name = $Matches[1]
        $blocks = @(Get-Blocks $sub.Lines)
        $yaml = @($blocks | Where-Object { $_.Kind -eq 'code' -and $_.Language -eq 'yaml' })
        if ($yaml.Count -ne 1) { Stop-Conversion $File $sub.Line "parameter -$name needs exactly one ```yaml block" }
        $text = @($blocks | Where-Object { $_.Kind -eq 'para' })
        if ($text.Count -eq 0) { Stop-Conversion $File $sub.Line "parameter -$name has no description" }
        @{ Name = $name; Description = $text; Fields = (Read-ParameterFields $File $yaml[0]); Line = $sub.Line }
    }

    $typed = {
        param($sectionName)
        if (-not $doc.Sections.Contains($sectionName)) { return @() }
        foreach ($sub in Split-Subsections $File $doc.Sections[$sectionName]) {
            @{ Type = $sub.Name; Description = @(Get-Blocks $sub.Lines | Where-Object { $_.Kind -eq 'para' }) }
        }
    }
    $links = if ($doc.Sections.Contains('RELATED LINKS')) {
        foreach ($line in $doc.Sections['RELATED LINKS'].Lines) {
            if ($line.Text -match '^\s*[-*]\s+\[([^\]]+)\]\(([^)]*)\)') { @{ Text = $Matches[1]; Uri = $Matches[2] } }
            elseif ($line.Text -match '^\s*[-*]\s+(.+)$') { @{ Text = $Matches[1].Trim(); Uri = '' } }
        }
    }
    [pscustomobject]@{
        Name = $doc.Title; Verb = $verb; Noun = $noun; File = $File
        Synopsis = $synopsis; Description = $description
        Examples = @($examples); Parameters = @($parameters)
        Inputs = @(& $typed 'INPUTS'); Outputs = @(& $typed 'OUTPUTS')
        Notes = if ($doc.Sections.Contains('NOTES')) { @(Get-Blocks $doc.Sections['NOTES'].Lines) } else { @() }
        Links = @($links)
    }
}

# ------------------------------------------------------------------ writing MAML

function Write-Paras([System.Xml.XmlWriter] $Writer, $Blocks) {
    foreach ($block in $Blocks) {
        if ($block.Kind -eq 'code') {
            # One para keeps a code block's lines together (Get-Help keeps its line breaks).
            $Writer.WriteElementString('maml', 'para', $MamlNs, $block.Text)
        }
        else {
            foreach ($line in $block.Text -split "`n") { $Writer.WriteElementString('maml', 'para', $MamlNs, (ConvertTo-PlainText $line)) }
        }
    }
}

function Write-Description([System.Xml.XmlWriter] $Writer, $Blocks) {
    $Writer.WriteStartElement('maml', 'description', $MamlNs)
    Write-Paras $Writer $Blocks
    $Writer.WriteEndElement()
}

function Test-True([string] $Value) { $Value -match '^(True|true)' }

# One <command:parameter>; in a syntax item, $Set decides Required and Position.
function Write-Parameter([System.Xml.XmlWriter] $Writer, $Parameter, [string] $Set) {
    $f = $Parameter.Fields
    $required = Test-True $f['Required']
    # "Required: True (NamespaceOnly), False (ByName)" documents a per-set value.
    if ($Set -and $f['Required'] -match "(True|False) \($([regex]::Escape($Set))\)") { $required = $Matches[1] -eq 'True' }
    $position = if ($f['Position'] -match '^\d+$') { $f['Position'] } else { 'named' }
    $type = $f['Type']
    $isSwitch = $type -eq 'SwitchParameter'
    $Writer.WriteStartElement('command', 'parameter', $CommandNs)
    $Writer.WriteAttributeString('required', $required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', ($type -like '*`[`]').ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', (Test-True $f['Accept wildcard characters']).ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $f['Accept pipeline input'])
    $Writer.WriteAttributeString('position', $position)
    $Writer.WriteAttributeString('aliases', $(if ($f['Aliases']) { $f['Aliases'] } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $MamlNs, $Parameter.Name)
    Write-Description $Writer $Parameter.Description
    if (-not $isSwitch) {
        $Writer.WriteStartElement('command', 'parameterValue', $CommandNs)
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteAttributeString('variableLength', ($type -like '*`[`]').ToString().ToLowerInvariant())
        $Writer.WriteString($type)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $DevNs)
    $Writer.WriteElementString('maml', 'name', $MamlNs, $type)
    $Writer.WriteElementString('maml', 'uri', $MamlNs, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $DevNs, $(if ($f['Default value']) { $f['Default value'] } else { 'None' }))
    $Writer.WriteEndElement()
}

function Get-ParameterSets($Command) {
    $sets = [System.Collections.Generic.List[string]]::new()
    foreach ($p in $Command.Parameters) {
        foreach ($s in $p.Fields['Parameter Sets'] -split ',\s*') {
            if ($s -and $s -ne '(All)' -and -not $sets.Contains($s)) { $sets.Add($s) }
        }
    }
    if ($sets.Count -eq 0) { $sets.Add('(All)') }
    $sets
}

function Write-Command([System.Xml.XmlWriter] $Writer, $Command) {
    $Writer.WriteStartElement('command', 'command', $CommandNs)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $MamlNs)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $DevNs)

    $Writer.WriteStartElement('command', 'details', $CommandNs)
    $Writer.WriteElementString('command', 'name', $CommandNs, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $CommandNs, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $CommandNs, $Command.Noun)
    Write-Description $Writer $Command.Synopsis
    $Writer.WriteEndElement()

    Write-Description $Writer $Command.Description

    $Writer.WriteStartElement('command', 'syntax', $CommandNs)
    foreach ($set in Get-ParameterSets $Command) {
        $Writer.WriteStartElement('command', 'syntaxItem', $CommandNs)
        $Writer.WriteElementString('maml', 'name', $MamlNs, $Command.Name)
        $inSet = @($Command.Parameters | Where-Object {
                $sets = $_.Fields['Parameter Sets'] -split ',\s*'
                $set -eq '(All)' -or $sets -contains '(All)' -or $sets -contains $set
            })
        # Positional parameters first, in order; then the rest as documented.
        $ordered = @($inSet | Where-Object { $_.Fields['Position'] -match '^\d+$' } | Sort-Object { [int]$_.Fields['Position'] }) +
            @($inSet | Where-Object { $_.Fields['Position'] -notmatch '^\d+$' })
        foreach ($p in $ordered) { Write-Parameter $Writer $p $set }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $CommandNs)
    foreach ($p in $Command.Parameters) { Write-Parameter $Writer $p $null }
    $Writer.WriteEndElement()

    foreach ($kind in @(@{ List = 'inputTypes'; Item = 'inputType'; Values = $Command.Inputs }, @{ List = 'returnValues'; Item = 'returnValue'; Values = $Command.Outputs })) {
        $Writer.WriteStartElement('command', $kind.List, $CommandNs)
        foreach ($value in $kind.Values) {
            $Writer.WriteStartElement('command', $kind.Item, $CommandNs)
            $Writer.WriteStartElement('dev', 'type', $DevNs)
            $Writer.WriteElementString('maml', 'name', $MamlNs, $value.Type)
            $Writer.WriteEndElement()
            Write-Description $Writer $value.Description
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('maml', 'alertSet', $MamlNs)
    $Writer.WriteStartElement('maml', 'alert', $MamlNs)
    Write-Paras $Writer $Command.Notes
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $CommandNs)
    foreach ($example in $Command.Examples) {
        $Writer.WriteStartElement('command', 'example', $CommandNs)
        $Writer.WriteElementString('maml', 'title', $MamlNs, "-------------------------- $($example.Title) --------------------------")
        $Writer.WriteStartElement('maml', 'introduction', $MamlNs)
        Write-Paras $Writer $example.Introduction
        $Writer.WriteEndElement()
        $Writer.WriteElementString('dev', 'code', $DevNs, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $DevNs)
        Write-Paras $Writer $example.Remarks
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $CommandNs)
    foreach ($link in $Command.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $MamlNs)
        $Writer.WriteElementString('maml', 'linkText', $MamlNs, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $MamlNs, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

# ------------------------------------------------------------------ main

$files = @(Get-ChildItem -Path $Path -Filter '*.md' -File | Sort-Object Name |
    Where-Object { (Get-Content -Path $_.FullName -TotalCount 12) -match '^# [A-Za-z]+-[A-Za-z]+\s*$' })
if ($files.Count -eq 0) { throw "${Path}: no cmdlet help (*.md with a '# <Verb>-<Noun>' title) found" }
$commands = foreach ($file in $files) { Read-CommandHelp $file.FullName }

$directory = Split-Path -Parent $OutputPath
if ($directory -and -not (Test-Path $directory)) { $null = New-Item -ItemType Directory -Path $directory -Force }
$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($command in $commands) { Write-Command $writer $command }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Dispose()
}
Write-Host "help: $OutputPath ($(@($commands).Count) cmdlets: $(($commands.Name) -join ', '))"
