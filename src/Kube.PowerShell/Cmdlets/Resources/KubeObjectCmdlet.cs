using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Mapping;
using Kube.Client.Models;
using Kube.Client.Yaml;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Errors;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Resources;

/// <summary>
/// Base of the cmdlets that change objects given as input (New/Set/Update/Remove-KubeResource,
/// Invoke-KubeApply), and their one loop over targets: read the input (pipeline objects, -Path
/// files), resolve each object's target, ask ShouldProcess, make the change, and write a failure
/// of one object as its own error record naming where the object came from, so the other objects
/// are still processed. A cmdlet says what its change is (<see cref="DescribeChange"/>) and makes it
/// (<see cref="ChangeAsync"/>).
/// </summary>
public abstract class KubeObjectCmdlet : KubeClusterCmdlet
{
    public const string ParameterSetInputObject = "InputObject";
    public const string ParameterSetPath = "Path";

    private int _inputNumber;

    /// <summary>
    /// The -WhatIf/-Confirm text of the change to <paramref name="target"/>, such as "Create" (see <see cref="Action"/>).
    /// Throw an <see cref="ArgumentException"/> when the target cannot take the change (no name to delete):
    /// it is that object's error, and nothing is asked or sent.
    /// </summary>
    protected abstract string DescribeChange(ResourceTarget target);

    /// <summary>Makes the change and writes what comes of it; <paramref name="input"/> is null for a target named by -Kind and -Name.</summary>
    protected abstract Task ChangeAsync(ResourceTarget target, ObjectInput? input, CancellationToken cancellationToken);

    /// <summary>Called for each target before ShouldProcess, with its position among -Path's objects (<paramref name="count"/> 0 for pipeline input).</summary>
    protected virtual void OnTarget(ResourceTarget target, int index, int count)
    {
    }

    /// <summary>The error record of a change that failed for one object; the message names the object and where it came from.</summary>
    protected virtual ErrorRecord FailureRecord(Exception error, ResourceTarget target, ObjectInput? input) =>
        input is null ? ObjectErrorRecord(error, null, target.Description) : ObjectErrorRecord(error, input.Object, input.Location);

    /// <summary>
    /// Runs the change for every object of <paramref name="inputObject"/> (one pipeline value) or of
    /// every -Path file: input that is not an object, an object with no target (unknown kind, wrong
    /// namespace) and a change that fails each write an error and the loop goes on.
    /// </summary>
    protected async Task ForEachTargetAsync(object? inputObject, string[]? path, string? namespaceParameter, CancellationToken cancellationToken)
    {
        var inputs = await ReadInputAsync(inputObject, path, cancellationToken);
        var connection = await GetConnectionAsync(cancellationToken);
        for (int i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            if (input.Error is not null)
            {
                WriteError(input.Error);
                continue;
            }
            var target = await TryResolveAsync(connection, input, namespaceParameter, cancellationToken);
            if (target is null) continue;
            OnTarget(target, i, path is null ? 0 : inputs.Count);
            await ChangeTargetAsync(target, input, cancellationToken);
        }
    }

    /// <summary>
    /// Runs the change for objects named by -Kind (any name kubectl accepts), -ApiVersion and -Name;
    /// a kind the server does not serve ends the command.
    /// </summary>
    protected async Task ForEachNamedTargetAsync(string kind, string? apiVersion, IReadOnlyList<string> names, string? namespaceParameter, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        for (int i = 0; i < names.Count; i++)
        {
            var target = await ResourceTarget.ForNameAsync(connection, kind, apiVersion, names[i], namespaceParameter, cancellationToken);
            OnTarget(target, i, names.Count);
            await ChangeTargetAsync(target, null, cancellationToken);
        }
    }

    private async Task ChangeTargetAsync(ResourceTarget target, ObjectInput? input, CancellationToken cancellationToken)
    {
        try
        {
            if (!ShouldProcess(target.Description, DescribeChange(target))) return;
            await ChangeAsync(target, input, cancellationToken);
        }
        catch (Exception e) when (IsObjectFailure(e))
        {
            WriteError(FailureRecord(e, target, input));
        }
    }

    /// <summary>The items of every -Path when it is given (wildcards resolved, folders expanded), else of one pipeline value.</summary>
    private async Task<IReadOnlyList<ObjectInput>> ReadInputAsync(object? inputObject, string[]? path, CancellationToken cancellationToken)
    {
        if (path is null)
            return await ObjectInputReader.FromObjectAsync(inputObject, ++_inputNumber, cancellationToken);

        var items = new List<ObjectInput>();
        foreach (var p in path ?? Array.Empty<string>())
        {
            foreach (var resolved in ResolvePath(p))
            {
                if (resolved is null)
                {
                    items.Add(ObjectInputReader.NotFound(p));
                    continue;
                }
                items.AddRange(await ObjectInputReader.FromPathAsync(resolved, cancellationToken));
            }
        }
        return items;
    }

    /// <summary>Provider paths of -Path (wildcards expanded); a null item stands for a path that names nothing.</summary>
    private IEnumerable<string?> ResolvePath(string path)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(path))
            return new[] { GetUnresolvedProviderPathFromPSPath(path) };
        try
        {
            var resolved = GetResolvedProviderPathFromPSPath(path, out var provider);
            if (provider.Name != "FileSystem")
                throw new ArgumentException($"-Path {path} is on the {provider.Name} provider; manifests are read from the file system");
            return resolved.Count == 0 ? new string?[] { null } : resolved;
        }
        catch (ItemNotFoundException)
        {
            return new string?[] { null };
        }
    }

    /// <summary>The target of an input object, or null after writing why there is none.</summary>
    private async Task<ResourceTarget?> TryResolveAsync(KubeConnection connection, ObjectInput input, string? namespaceParameter, CancellationToken cancellationToken)
    {
        try
        {
            return await ResourceTarget.ForObjectAsync(connection, input.Object!, namespaceParameter, cancellationToken);
        }
        catch (Exception e) when (IsObjectFailure(e))
        {
            WriteObjectError(e, input);
            return null;
        }
    }

    /// <summary>
    /// Failures that concern one object (the server refused it, the input is malformed), not the
    /// whole command. Rejected credentials are the command's: no other object would fare better.
    /// </summary>
    private static bool IsObjectFailure(Exception e) =>
        e is Kube.Client.Rest.KubeApiException { IsUnauthorized: false } or ArgumentException or FormatException or NoMatchException or System.Text.Json.JsonException;

    /// <summary>Writes a failure of one object, its message prefixed with where the object came from.</summary>
    private void WriteObjectError(Exception error, ObjectInput input) =>
        WriteError(ObjectErrorRecord(error, input.Object, input.Location));

    /// <summary>A failure of one object as an error record whose message starts with the object and where it came from.</summary>
    protected ErrorRecord ObjectErrorRecord(Exception error, Unstructured? obj, string? location)
    {
        var record = error switch
        {
            KubeYamlException => new ErrorRecord(error, ObjectInputReader.InvalidManifest, ErrorCategory.InvalidData, (object?)obj ?? location),
            FormatException => new ErrorRecord(error, ObjectInputReader.InvalidInputObject, ErrorCategory.InvalidData, (object?)obj ?? location),
            _ => KubeErrorRecords.From(error, (object?)obj ?? location, null, ConnectionDescription),
        };
        string what = obj is null ? "" : Describe(obj);
        string prefix = location is null ? what : what.Length == 0 ? location : $"{what} ({location})";
        if (prefix.Length > 0)
        {
            string message = record.ErrorDetails?.Message is { Length: > 0 } m ? m : error.Message;
            var details = new ErrorDetails(prefix + ": " + message);
            if (record.ErrorDetails?.RecommendedAction is { } advice) details.RecommendedAction = advice;
            record.ErrorDetails = details;
        }
        return record;
    }

    /// <summary>"ConfigMap/app" or "ConfigMap/app in namespace team-a", as an object names itself.</summary>
    protected static string Describe(Unstructured obj)
    {
        string name = obj.Name is { Length: > 0 } n ? n : obj.GenerateName is { Length: > 0 } g ? g + "*" : "(no name)";
        string text = $"{obj.Kind}/{name}";
        return obj.Namespace is { Length: > 0 } ns ? $"{text} in namespace {ns}" : text;
    }

    /// <summary>The -WhatIf/-Confirm action text, with " (server dry run)" when the server only checks it.</summary>
    protected static string Action(string verb, bool dryRun) => dryRun ? verb + " (server dry run)" : verb;
}
