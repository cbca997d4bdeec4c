using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;

namespace Kube.PowerShell.Completion;

/// <summary>
/// Completes -Kind from discovery (the connection's cached discovery, so it is fast after the first
/// use): kinds, plural and short names; once the word has a dot, fully qualified names such as
/// deployments.apps or widgets.example.com.
/// </summary>
public sealed class KindCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = CompletionPattern.For(wordToComplete);
        bool qualified = (wordToComplete ?? "").IndexOf('.') >= 0;
        var candidates = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            var connection = CompletionConnection.Get(fakeBoundParameters, cts.Token);
            var discovered = connection.Discovery.ServerPreferredResourcesAsync(cts.Token).GetAwaiter().GetResult();
            foreach (var resource in discovered.Resources)
            {
                string tip = $"{resource.FullName} ({resource.ApiVersion} {resource.Kind}, {(resource.Namespaced ? "namespaced" : "cluster-scoped")})";
                var names = qualified
                    ? new[] { resource.FullName, resource.Group.Length == 0 ? resource.Kind : resource.Kind + "." + resource.Group }
                    : new[] { resource.Kind, resource.Name }.Concat(resource.ShortNames);
                foreach (var name in names)
                    if (pattern.IsMatch(name) && !candidates.ContainsKey(name)) candidates[name] = tip;
            }
        }
        catch (Exception)
        {
            return Enumerable.Empty<CompletionResult>();
        }
        return candidates.OrderBy(c => c.Key, StringComparer.OrdinalIgnoreCase)
            .Select(c => new CompletionResult(c.Key, c.Key, CompletionResultType.ParameterValue, c.Value));
    }
}
