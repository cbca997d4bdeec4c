using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using Kube.Client.Schema;

namespace Kube.PowerShell.Completion;

/// <summary>Completes namespace names from the context's shared informer of namespaces (listed on first use, then watched).</summary>
public sealed class NamespaceNameCompleter : IArgumentCompleter
{
    private static readonly GroupVersionResource Namespaces = new("", "v1", "namespaces");

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = CompletionPattern.For(wordToComplete);
        IEnumerable<string> names;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            var connection = CompletionConnection.Get(fakeBoundParameters, cts.Token);
            names = CompletionCache.Names(connection, Namespaces, false, null, cts.Token);
        }
        catch (Exception)
        {
            return Enumerable.Empty<CompletionResult>();
        }
        return names.Where(n => n.Length > 0 && pattern.IsMatch(n)).OrderBy(n => n, StringComparer.Ordinal)
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
    }
}
