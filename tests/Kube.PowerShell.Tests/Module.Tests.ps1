# The module as a whole: what it exports, and the conventions every cmdlet keeps (output types,
# help messages on mandatory parameters, ShouldProcess on changes, pipeline binding).

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:CommandCases = @(Get-Command -Module Kube.PowerShell -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Manifest = Import-PowerShellDataFile $ModuleManifest
}

Describe 'Kube.PowerShell module' -Tag 'Module' {
    It 'exports exactly the cmdlets its manifest lists' {
        @(Get-Command -Module Kube.PowerShell | ForEach-Object Name | Sort-Object) | Should -Be @($Manifest.CmdletsToExport | Sort-Object)
        $Manifest.FunctionsToExport | Should -BeNullOrEmpty
        $Manifest.CmdletsToExport | Should -Not -Contain '*'
    }

    It 'uses approved verbs only' {
        $approved = (Get-Verb).Verb
        foreach ($command in Get-Command -Module Kube.PowerShell) { $approved | Should -Contain $command.Verb }
    }

    It '<Name> declares what it outputs' -TestCases $CommandCases {
        param($Name)
        $command = Get-Command $Name
        if ($command.Verb -eq 'Remove') {
            $command.OutputType | Should -BeNullOrEmpty -Because 'a removal writes nothing'
            return
        }
        $command.OutputType.Count | Should -BeGreaterThan 0
        $command.OutputType[0].Type | Should -Not -BeNullOrEmpty
    }

    It '<Name>: every mandatory parameter has a HelpMessage' -TestCases $CommandCases {
        param($Name)
        foreach ($set in (Get-Command $Name).ParameterSets) {
            # A mandatory switch selects a parameter set; PowerShell never prompts for one.
            foreach ($parameter in $set.Parameters | Where-Object { $_.IsMandatory -and $_.ParameterType -ne [switch] }) {
                $parameter.HelpMessage | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) of $Name ($($set.Name)) is mandatory"
            }
        }
    }

    It '<Name> supports -WhatIf and -Confirm when it changes anything' -TestCases $CommandCases {
        param($Name)
        $command = Get-Command $Name
        # Update-* patches, Restart-/Undo-KubeRollout change a workload, Invoke-KubeApply applies, Copy-KubeItem
        # writes files (in a pod or here) and Stop-KubePortForward ends forwards this session started.
        if ($command.Verb -in 'New', 'Remove', 'Set', 'Update', 'Restart', 'Undo', 'Copy', 'Stop' -or $Name -eq 'Invoke-KubeApply') {
            $command.Parameters.Keys | Should -Contain 'WhatIf'
            $command.Parameters.Keys | Should -Contain 'Confirm'
        }
        else {
            $command.Parameters.Keys | Should -Not -Contain 'WhatIf'
        }
    }

    It '<Name> takes -Context and -Kubeconfig when it calls the cluster' -TestCases $CommandCases {
        param($Name)
        $command = Get-Command $Name
        # Converting YAML, reading the values of Secrets already read, and listing or stopping the port forwards this
        # session started (each knows its own connection) never pick a cluster.
        if ($command.Noun -eq 'KubeYaml' -or $Name -in 'ConvertFrom-KubeSecret', 'Get-KubePortForward', 'Stop-KubePortForward') { return }
        $command.Parameters.Keys | Should -Contain 'Kubeconfig'
        if ($command.Noun -ne 'KubeContext') { $command.Parameters.Keys | Should -Contain 'Context' }
    }

    It '<Name> binds -Name from the pipeline by property name' -TestCases @(
        @{ Name = 'Get-KubeNamespace' }, @{ Name = 'New-KubeNamespace' }, @{ Name = 'Remove-KubeNamespace' },
        @{ Name = 'Get-KubeContext' }, @{ Name = 'Set-KubeContext' }
    ) {
        param($Name)
        $parameter = (Get-Command $Name).Parameters['Name']
        @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.ValueFromPipelineByPropertyName }).Count |
            Should -BeGreaterThan 0
    }

    It 'Set-KubeContext: -Namespace alone selects the NamespaceOnly parameter set' {
        $command = Get-Command Set-KubeContext
        $command.DefaultParameterSet | Should -BeNullOrEmpty
        $ast = [System.Management.Automation.Language.Parser]::ParseInput('Set-KubeContext -Namespace x', [ref]$null, [ref]$null)
        $binding = [System.Management.Automation.Language.StaticParameterBinder]::BindCommand($ast.EndBlock.Statements[0].PipelineElements[0])
        $binding.BindingExceptions.Count | Should -Be 0
        ($command.ParameterSets | Where-Object Name -EQ 'NamespaceOnly').Parameters.Name | Should -Contain 'Namespace'
    }

    It 'loads its format and type data' {
        (Get-FormatData -TypeName 'Kube.Client.Models.CoreV1.Pod') | Should -Not -BeNullOrEmpty
        (Get-FormatData -TypeName 'Kube.Client.Models.CoreV1.Namespace') | Should -Not -BeNullOrEmpty
        (Get-FormatData -TypeName 'Kube.PowerShell.Cmdlets.Contexts.KubeContextInfo') | Should -Not -BeNullOrEmpty
        (Get-TypeData -TypeName 'Kube.Client.Models.CoreV1.Pod').Members.Keys | Should -Contain 'Restarts'
    }
}
