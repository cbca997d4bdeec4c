using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using Kube.Client.Schema;

namespace Kube.PowerShell.Completion;

/// <summary>Completes pod names in the namespace the command names (or the context's).</summary>
public sealed class PodNameCompleter : IArgumentCompleter
{
    private static readonly GroupVersionResource Pods = new("", "v1", "pods");

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = CompletionPattern.For(wordToComplete);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            var connection = CompletionConnection.Get(fakeBoundParameters, cts.Token);
            string ns = fakeBoundParameters["Namespace"] as string ?? connection.DefaultNamespace;
            return CompletionCache.Names(connection, Pods, true, ns, cts.Token)
                .Where(pattern.IsMatch)
                .OrderBy(n => n, StringComparer.Ordinal)
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, $"{ns}/{n}"));
        }
        catch (Exception)
        {
            return Enumerable.Empty<CompletionResult>();
        }
    }
}
