using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using Kube.PowerShell.Connection;

namespace Kube.PowerShell.Completion;

/// <summary>Completes namespace names from the cluster of the command's context (a short, bounded request).</summary>
public sealed class NamespaceNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = CompletionPattern.For(wordToComplete);
        IEnumerable<string> names;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            var connection = CompletionConnection.Get(fakeBoundParameters, cts.Token);
            var list = connection.Clientset.CoreV1().Namespaces().ListAsync(cancellationToken: cts.Token).GetAwaiter().GetResult();
            names = list.Items?.Select(n => n.Metadata?.Name ?? "") ?? Enumerable.Empty<string>();
        }
        catch (Exception)
        {
            return Enumerable.Empty<CompletionResult>();
        }
        return names.Where(n => n.Length > 0 && pattern.IsMatch(n)).OrderBy(n => n, StringComparer.Ordinal)
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
    }
}
