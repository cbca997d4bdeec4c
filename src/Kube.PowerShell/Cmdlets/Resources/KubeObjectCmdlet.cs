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
/// Invoke-KubeApply): reads pipeline objects and -Path files into <see cref="ObjectInput"/> items,
/// resolves each one's target, and writes one error per failed object naming where it came from,
/// so the other objects are still processed.
/// </summary>
public abstract class KubeObjectCmdlet : KubeClusterCmdlet
{
    public const string ParameterSetInputObject = "InputObject";
    public const string ParameterSetPath = "Path";

    private int _inputNumber;

    /// <summary>The items of every -Path when it is given (wildcards resolved, folders expanded), else of one pipeline value.</summary>
    protected async Task<IReadOnlyList<ObjectInput>> ReadInputAsync(object? inputObject, string[]? path, CancellationToken cancellationToken)
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
    protected async Task<ResourceTarget?> TryResolveAsync(KubeConnection connection, ObjectInput input, string? namespaceParameter, CancellationToken cancellationToken)
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
    protected static bool IsObjectFailure(Exception e) =>
        e is Kube.Client.Rest.KubeApiException { IsUnauthorized: false } or ArgumentException or FormatException or NoMatchException or System.Text.Json.JsonException;

    /// <summary>Writes the error of an input that is not an object.</summary>
    protected void WriteInputError(ObjectInput input) => WriteError(input.Error!);

    /// <summary>Writes a failure of one object, its message prefixed with where the object came from.</summary>
    protected void WriteObjectError(Exception error, ObjectInput input) =>
        WriteError(ObjectErrorRecord(error, input.Object, input.Location));

    internal ErrorRecord ObjectErrorRecord(Exception error, Unstructured? obj, string? location)
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
