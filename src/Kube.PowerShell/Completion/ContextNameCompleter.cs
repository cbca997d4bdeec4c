using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Kube.Client.Config;
using Kube.PowerShell.Connection;

namespace Kube.PowerShell.Completion;

/// <summary>Completes context names from the kubeconfig the command would use.</summary>
public sealed class ContextNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        Kubeconfig config;
        try
        {
            string? path = fakeBoundParameters["Kubeconfig"] as string ?? KubeSessionState.Current.KubeconfigPath;
            config = KubeconfigLoader.Load(KubeconfigLoadingRules.FromEnvironment(path));
        }
        catch (Exception)
        {
            return Enumerable.Empty<CompletionResult>();
        }
        var pattern = CompletionPattern.For(wordToComplete);
        return config.Contexts.Values
            .Where(c => pattern.IsMatch(c.Name))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Select(c => new CompletionResult(CompletionPattern.Quote(c.Name), c.Name, CompletionResultType.ParameterValue,
                $"{c.Name}: cluster {c.Cluster}, user {c.User}, namespace {c.Namespace ?? "default"}"));
    }
}
