using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Manifests;
using Kube.Client.Models;
using Kube.Client.Yaml;

namespace Kube.PowerShell.Objects;

/// <summary>
/// Turns what change cmdlets receive into <see cref="ObjectInput"/> items: pipeline objects by
/// value (typed models, Unstructured, hashtables and PSCustomObjects with apiVersion and kind,
/// YAML or JSON strings with one or many documents, files from Get-ChildItem) and -Path files and
/// folders (recursively, *.yaml, *.yml and *.json). Input that is not an object becomes an item
/// carrying the error record to write, so the other objects are still processed.
/// </summary>
public static class ObjectInputReader
{
    public const string InvalidManifest = nameof(InvalidManifest);
    public const string InvalidInputObject = nameof(InvalidInputObject);
    public const string ItemNotFound = nameof(ItemNotFound);

    /// <param name="input">One pipeline object (or one value of -InputObject).</param>
    /// <param name="number">1-based position among the inputs, for "pipeline input 3".</param>
    public static async Task<IReadOnlyList<ObjectInput>> FromObjectAsync(object? input, int number, CancellationToken cancellationToken)
    {
        string location = $"pipeline input {number}";
        object? value = input is PSObject pso && pso.BaseObject is not PSCustomObject ? pso.BaseObject : input;
        switch (value)
        {
            case null:
                return new[] { ObjectInput.Failed(Invalid($"{location} is null; expected a Kubernetes object, YAML or JSON", null), location) };
            case Unstructured u:
                return new[] { ObjectInput.For(u.DeepCopy(), null) };
            case FileInfo file:
                return FromEntries(await ManifestReader.ReadFileAsync(file.FullName, cancellationToken).ConfigureAwait(false));
            case string text:
                return FromText(text, location);
        }
        if (ModelRegistry.TryGetKind(value.GetType(), out _))
            return new[] { ObjectInput.For(UnstructuredConverter.ToUnstructured(value), null) };
        if (value is PSObject or IDictionary)
            return new[] { FromTree(value, location) };
        return new[] { ObjectInput.Failed(Invalid($"{location} is a {value.GetType().FullName}; expected a Kubernetes object (a model, an Unstructured, a hashtable or PSCustomObject with apiVersion and kind), YAML or JSON text, or a file", value), location) };
    }

    /// <summary>The objects of a file or of every manifest file under a folder.</summary>
    public static async Task<IReadOnlyList<ObjectInput>> FromPathAsync(string providerPath, CancellationToken cancellationToken)
    {
        var items = new List<ObjectInput>();
        if (Directory.Exists(providerPath))
        {
            foreach (var file in ManifestFiles.InDirectory(providerPath))
                items.AddRange(FromEntries(await ManifestReader.ReadFileAsync(file, cancellationToken).ConfigureAwait(false)));
            return items;
        }
        if (!File.Exists(providerPath)) return new[] { NotFound(providerPath) };
        return FromEntries(await ManifestReader.ReadFileAsync(providerPath, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The ItemNotFound record for a -Path that names nothing.</summary>
    public static ObjectInput NotFound(string path) =>
        ObjectInput.Failed(new ErrorRecord(new ItemNotFoundException($"Cannot find path '{path}' because it does not exist."), ItemNotFound, ErrorCategory.ObjectNotFound, path), path);

    private static IReadOnlyList<ObjectInput> FromText(string text, string location)
    {
        var entries = ManifestReader.Read(text, location);
        // Get-Content without -Raw sends a file line by line; say so rather than "no apiVersion".
        if (entries.Count == 1 && entries[0].Error is not null && text.IndexOf('\n') < 0 && !text.TrimStart().StartsWith("{", StringComparison.Ordinal))
        {
            var error = entries[0].Error!;
            var record = Invalid(error.Message + ". A string from the pipeline must hold whole manifests: read files with Get-Content -Raw, or use -Path", text, error);
            return new[] { ObjectInput.Failed(record, location) };
        }
        return FromEntries(entries);
    }

    private static IReadOnlyList<ObjectInput> FromEntries(IReadOnlyList<ManifestEntry> entries)
    {
        var items = new List<ObjectInput>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry.Object is { } obj)
            {
                items.Add(ObjectInput.For(obj, entry.Location));
                continue;
            }
            var error = entry.Error!;
            if (error.InnerException is FileNotFoundException or DirectoryNotFoundException)
                items.Add(NotFound(error.Source ?? ""));
            else
                items.Add(ObjectInput.Failed(new ErrorRecord(error, InvalidManifest, ErrorCategory.InvalidData, error.Source), entry.Location));
        }
        return items;
    }

    private static ObjectInput FromTree(object value, string location)
    {
        JsonNode? node;
        try
        {
            node = PowerShellJson.ToJsonNode(value);
        }
        catch (ArgumentException e)
        {
            return ObjectInput.Failed(Invalid($"{location}: {e.Message}", value, e), location);
        }
        if (node is not JsonObject content)
            return ObjectInput.Failed(Invalid($"{location} is not an object with apiVersion and kind", value), location);
        string? apiVersion = (content["apiVersion"] as JsonValue)?.TryGetValue<string>(out var a) == true ? a : null;
        string? kind = (content["kind"] as JsonValue)?.TryGetValue<string>(out var k) == true ? k : null;
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            string missing = string.IsNullOrEmpty(apiVersion) && string.IsNullOrEmpty(kind) ? "apiVersion and kind" : string.IsNullOrEmpty(apiVersion) ? "apiVersion" : "kind";
            return ObjectInput.Failed(Invalid($"{location} has no {missing} (every object needs both, e.g. apiVersion = 'v1' and kind = 'ConfigMap')", value), location);
        }
        return ObjectInput.For(new Unstructured(content), location);
    }

    private static ErrorRecord Invalid(string message, object? target, Exception? inner = null) =>
        new(new ArgumentException(message, inner), InvalidInputObject, ErrorCategory.InvalidData, target);
}
