using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Yaml;
using Kube.PowerShell.Async;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Yaml;

/// <summary>
/// <para type="synopsis">Reads Kubernetes objects from YAML (or JSON) text or files: typed models where one exists, Unstructured objects otherwise.</para>
/// <para type="description">Multi-document streams give one object per document; List kinds give their items.</para>
/// </summary>
/// <remarks>
/// Longer than most: text, files and folders in, typed or Unstructured objects out, and each
/// document's error names its file, document and line so one bad document does not hide the others.
/// </remarks>
[Cmdlet(VerbsData.ConvertFrom, "KubeYaml", DefaultParameterSetName = FromText)]
[OutputType(typeof(Unstructured), typeof(IKubeResource))]
public sealed class ConvertFromKubeYamlCommand : AsyncCmdlet
{
    private const string FromText = "Text";
    private const string FromPath = "Path";
    private const string FromLiteralPath = "LiteralPath";

    public const string InvalidYaml = nameof(InvalidYaml);
    public const string InvalidManifest = nameof(InvalidManifest);
    public const string PathNotFound = nameof(PathNotFound);

    private readonly StringBuilder _lines = new();
    private int _pipelineIndex;

    /// <summary>YAML text. Piped lines (Get-Content) are joined into one stream; a piped string with line breaks is a stream of its own.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = FromText, HelpMessage = "YAML or JSON text holding Kubernetes objects.")]
    [AllowEmptyString]
    public string? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FromPath, HelpMessage = "YAML files to read; wildcards allowed.")]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = FromLiteralPath, ValueFromPipelineByPropertyName = true, HelpMessage = "YAML files to read, taken as written.")]
    [Alias("PSPath", "LP")]
    public string[]? LiteralPath { get; set; }

    /// <summary>Emit Unstructured objects even for kinds that have a typed model (keeps the file's key order).</summary>
    [Parameter]
    public SwitchParameter AsUnstructured { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        switch (ParameterSetName)
        {
            case FromPath:
                foreach (var path in Path!) await ReadPathAsync(path, literal: false, cancellationToken);
                break;
            case FromLiteralPath:
                foreach (var path in LiteralPath!) await ReadPathAsync(path, literal: true, cancellationToken);
                break;
            default:
                string text = InputObject ?? "";
                if (!MyInvocation.ExpectingInput)
                {
                    ReadText(text, null);
                }
                else if (text.IndexOf('\n') >= 0)
                {
                    FlushLines();
                    _pipelineIndex++;
                    ReadText(text, $"pipeline input {_pipelineIndex}");
                }
                else
                {
                    _lines.Append(text).Append('\n');
                }
                break;
        }
    }

    protected override Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        FlushLines();
        return Task.CompletedTask;
    }

    private void FlushLines()
    {
        if (_lines.Length == 0) return;
        _pipelineIndex++;
        string text = _lines.ToString();
        _lines.Clear();
        ReadText(text, $"pipeline input {_pipelineIndex}");
    }

    private void ReadText(string text, string? source)
    {
        IReadOnlyList<YamlDocument> documents;
        try
        {
            documents = KubeYamlReader.ReadDocuments(text, source);
        }
        catch (KubeYamlException e)
        {
            WriteError(new ErrorRecord(e, InvalidYaml, ErrorCategory.InvalidData, source ?? "YAML"));
            return;
        }
        WriteDocuments(documents);
    }

    private async Task ReadPathAsync(string path, bool literal, CancellationToken cancellationToken)
    {
        IEnumerable<string> files;
        try
        {
            if (literal)
            {
                string resolved = GetUnresolvedProviderPathFromPSPath(path);
                if (!File.Exists(resolved)) throw new ItemNotFoundException($"Cannot find path '{resolved}' because it does not exist.");
                files = new[] { resolved };
            }
            else
            {
                files = GetResolvedProviderPathFromPSPath(path, out _);
            }
        }
        catch (ItemNotFoundException e)
        {
            WriteError(new ErrorRecord(e, PathNotFound, ErrorCategory.ObjectNotFound, path));
            return;
        }

        foreach (var file in files)
        {
            if (Directory.Exists(file))
            {
                WriteError(new ErrorRecord(new IOException($"'{file}' is a directory; pass its files, such as '{System.IO.Path.Combine(file, "*.yaml")}'."),
                    "PathIsDirectory", ErrorCategory.InvalidArgument, file));
                continue;
            }
            IReadOnlyList<YamlDocument> documents;
            try
            {
                documents = await KubeYamlReader.ReadFileAsync(file, cancellationToken);
            }
            catch (KubeYamlException e) when (e.InnerException is FileNotFoundException or DirectoryNotFoundException)
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"Cannot find path '{file}' because it does not exist.", e), PathNotFound, ErrorCategory.ObjectNotFound, file));
                continue;
            }
            catch (KubeYamlException e)
            {
                WriteError(new ErrorRecord(e, InvalidYaml, ErrorCategory.InvalidData, file));
                continue;
            }
            WriteDocuments(documents);
        }
    }

    private void WriteDocuments(IReadOnlyList<YamlDocument> documents)
    {
        // Each document on its own: one without apiVersion or kind is reported, the others still come out.
        foreach (var document in documents)
        {
            IReadOnlyList<Unstructured> objects;
            try
            {
                objects = KubeYaml.ToObjects(new[] { document });
            }
            catch (KubeYamlException e)
            {
                WriteError(new ErrorRecord(e, InvalidManifest, ErrorCategory.InvalidData, document.Source ?? "YAML"));
                continue;
            }
            foreach (var obj in objects) WriteOne(obj, document);
        }
    }

    private void WriteOne(Unstructured obj, YamlDocument document)
    {
        if (AsUnstructured.IsPresent)
        {
            WriteObject(obj);
            return;
        }
        object? typed;
        try
        {
            typed = UnstructuredConverter.FromUnstructured(obj);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            var error = new KubeYamlException($"the {obj} does not fit its kind's model: {e.Message} (use -AsUnstructured to read it as it is)",
                document.Source, document.Line, null, e);
            WriteError(new ErrorRecord(error, InvalidManifest, ErrorCategory.InvalidData, obj));
            return;
        }
        WriteObject(typed is null ? obj : ResourceOutput.ToPipeline(typed));
    }
}
