using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Completion;

/// <summary>Completes -Name with the objects of the command's -Kind, in its namespace (or the context's).</summary>
public sealed class ResourceNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        if (fakeBoundParameters["Kind"] is not string kind || kind.Length == 0) return Enumerable.Empty<CompletionResult>();
        var pattern = CompletionPattern.For(wordToComplete);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            var connection = CompletionConnection.Get(fakeBoundParameters, cts.Token);
            var mapping = KindResolver.ResolveAsync(connection, kind, fakeBoundParameters["ApiVersion"] as string, cts.Token).GetAwaiter().GetResult();
            string? ns = mapping.Namespaced ? fakeBoundParameters["Namespace"] as string ?? connection.DefaultNamespace : null;
            return CompletionCache.Names(connection, mapping.Resource, mapping.Namespaced, ns, cts.Token)
                .Where(pattern.IsMatch)
                .OrderBy(n => n, StringComparer.Ordinal)
                .Select(n => new CompletionResult(CompletionPattern.Quote(n), n, CompletionResultType.ParameterValue, ns is null ? n : $"{ns}/{n}"));
        }
        catch (Exception)
        {
            return Enumerable.Empty<CompletionResult>();
        }
    }
}
