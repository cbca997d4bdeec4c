using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json.Nodes;
using Kube.Client.Models;
using Kube.Client.Yaml;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Yaml;

/// <summary>
/// <para type="synopsis">Converts objects to YAML as kubectl writes it: typed models, Unstructured objects, hashtables and PSCustomObjects.</para>
/// <para type="description">All the objects of the pipeline become one multi-document string, separated by '---'.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "KubeYaml")]
[OutputType(typeof(string))]
public sealed class ConvertToKubeYamlCommand : PSCmdlet
{
    private readonly List<JsonNode?> _documents = new();
    private int _index;

    /// <summary>An object to write; an array given to -InputObject writes one document per item.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, HelpMessage = "The object to write as YAML.")]
    [AllowNull]
    public object? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        bool fromPipeline = MyInvocation.ExpectingInput;
        var value = InputObject is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject : InputObject;
        if (!fromPipeline && value is IList list && value is not IDictionary)
        {
            foreach (var item in list) Add(item);
            return;
        }
        Add(InputObject);
    }

    protected override void EndProcessing()
    {
        if (_documents.Count == 0) return;
        WriteObject(KubeYamlWriter.Write(_documents));
    }

    private void Add(object? value)
    {
        _index++;
        try
        {
            _documents.Add(PowerShellJson.ToJsonNode(value));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
        {
            // One object that cannot be written is reported; the others still are.
            var target = value is PSObject p ? p.BaseObject : value;
            WriteError(new ErrorRecord(new ArgumentException($"Input object {_index} ({Describe(target)}) cannot be written as YAML: {e.Message}", e),
                "NotConvertible", ErrorCategory.InvalidArgument, value));
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        Unstructured u => u.ToString(),
        _ => value.GetType().FullName ?? "object",
    };
}
