using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.PowerShell.Cmdlets.Namespaces;
using Kube.PowerShell.Completion;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Secrets;

// Over 80 lines: four input forms (hashtable of strings/SecureStrings/bytes, files and folders, a credential) each
// validated with a named error before anything is sent, as kubectl create secret generic does; the create is one call.
/// <summary>
/// <para type="synopsis">Creates a Secret from a hashtable (strings, SecureStrings, bytes or files), from files, or from a credential.</para>
/// <para type="description">Like kubectl create secret generic: values are read here and sent once; no value appears in -Verbose output, errors or the object written back.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "KubeSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(Secret))]
public sealed class NewKubeSecretCommand : KubeClusterCmdlet
{
    public const string InvalidKey = nameof(InvalidKey);
    public const string DuplicateKey = nameof(DuplicateKey);
    public const string InvalidValue = nameof(InvalidValue);

    // kubectl's rule for Secret and ConfigMap keys (IsConfigMapKey).
    private static readonly Regex KeyPattern = new("^[-._a-zA-Z0-9]+$", RegexOptions.CultureInvariant);

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, HelpMessage = "The name of the Secret to create.")]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    [Alias("ns")]
    public string? Namespace { get; set; }

    /// <summary>Keys and values: strings (stored as UTF-8), SecureStrings, byte arrays, or files (Get-Item) whose content is the value.</summary>
    [Parameter(Position = 1)]
    public IDictionary? Data { get; set; }

    /// <summary>Files whose content is a value, each under its file name; a folder gives each file in it (kubectl's --from-file).</summary>
    [Parameter]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    /// <summary>A user name and password, stored as the keys username and password of a kubernetes.io/basic-auth Secret.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The Secret's type: Opaque by default, kubernetes.io/basic-auth with -Credential.</summary>
    [Parameter]
    public string? Type { get; set; }

    [Parameter]
    public Hashtable? Label { get; set; }

    [Parameter]
    public Hashtable? Annotation { get; set; }

    /// <summary>Make the Secret immutable (its data can then never change).</summary>
    [Parameter]
    public SwitchParameter Immutable { get; set; }

    /// <summary>Ask the server to validate and admit the Secret without storing it.</summary>
    [Parameter]
    public SwitchParameter DryRun { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            ReadData(data);
            ReadFiles(data);
            ReadCredential(data);
            var connection = await GetConnectionAsync(cancellationToken);
            string ns = string.IsNullOrEmpty(Namespace) ? connection.DefaultNamespace : Namespace!;
            string type = !string.IsNullOrEmpty(Type) ? Type! : Credential is not null ? "kubernetes.io/basic-auth" : "Opaque";
            if (!ShouldProcess($"secret/{Name} in namespace {ns} (keys: {(data.Count == 0 ? "none" : string.Join(", ", data.Keys))})", DryRun ? "Create (server dry run)" : "Create")) return;
            var secret = new Secret
            {
                Metadata = new ObjectMeta { Name = Name, Namespace = ns, Labels = NewKubeNamespaceCommand.ToMap(Label), Annotations = NewKubeNamespaceCommand.ToMap(Annotation) },
                Type = type,
                Data = data,
                Immutable = Immutable.IsPresent ? true : null,
            };
            try
            {
                var created = await connection.Clientset.CoreV1().Secrets(ns).CreateAsync(secret, new CreateOptions { DryRun = DryRun.IsPresent }, cancellationToken);
                WriteObject(ResourceOutput.ToPipeline(created));
            }
            catch (KubeApiException e) when (!e.IsUnauthorized)
            {
                WriteKubeError(e, $"secret/{Name} in namespace {ns}");
            }
        }
        finally
        {
            foreach (var value in data.Values) Array.Clear(value, 0, value.Length);
        }
    }

    private void ReadData(Dictionary<string, byte[]> data)
    {
        if (Data is null) return;
        foreach (DictionaryEntry entry in Data)
        {
            string key = entry.Key is PSObject pk ? pk.BaseObject?.ToString() ?? "" : entry.Key?.ToString() ?? "";
            object? value = entry.Value is PSObject pv ? pv.BaseObject : entry.Value;
            byte[] bytes = value switch
            {
                null => Array.Empty<byte>(),
                string s => Encoding.UTF8.GetBytes(s),
                SecureString secure => Utf8(secure),
                byte[] b => (byte[])b.Clone(),
                FileInfo file => ReadFile(file.FullName, $"-Data key \"{key}\""),
                PSCredential => throw Fail(new ArgumentException($"-Data key \"{key}\" holds a PSCredential; give it with -Credential (username and password keys), or give its SecureString password as the value."), InvalidValue, key),
                _ => throw Fail(new ArgumentException($"-Data key \"{key}\" holds a {value.GetType().Name}; a value must be a string, a SecureString, a byte array or a file (Get-Item)."), InvalidValue, key),
            };
            Add(data, key, bytes, "-Data");
        }
    }

    private void ReadFiles(Dictionary<string, byte[]> data)
    {
        foreach (var path in Path ?? Array.Empty<string>())
        {
            foreach (var file in ResolveFiles(path))
                Add(data, System.IO.Path.GetFileName(file), ReadFile(file, "-Path"), $"-Path {path}");
        }
    }

    private void ReadCredential(Dictionary<string, byte[]> data)
    {
        if (Credential is null) return;
        Add(data, "username", Encoding.UTF8.GetBytes(Credential.UserName ?? ""), "-Credential");
        Add(data, "password", Utf8(Credential.Password), "-Credential");
    }

    private IEnumerable<string> ResolveFiles(string path)
    {
        List<string> resolved;
        try
        {
            resolved = new List<string>(GetResolvedProviderPathFromPSPath(path, out var provider));
            if (provider.Name != "FileSystem")
                throw Fail(new ArgumentException($"-Path {path} is on the {provider.Name} provider; Secret values are read from files."), InvalidValue, path);
        }
        catch (ItemNotFoundException e)
        {
            throw Fail(new FileNotFoundException($"-Path {path}: no such file or folder.", path, e), "PathNotFound", path, ErrorCategory.ObjectNotFound);
        }
        foreach (var item in resolved)
        {
            if (Directory.Exists(item))
            {
                // As kubectl --from-file=<folder>: each regular file directly in it, by name; subfolders are skipped.
                var files = Directory.GetFiles(item);
                Array.Sort(files, StringComparer.Ordinal);
                foreach (var file in files) yield return file;
            }
            else
            {
                yield return item;
            }
        }
    }

    private byte[] ReadFile(string file, string what)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Fail(new IOException($"{what}: cannot read {file}: {e.Message}", e), "FileUnreadable", file, ErrorCategory.ReadError);
        }
    }

    private void Add(Dictionary<string, byte[]> data, string key, byte[] value, string from)
    {
        if (key.Length > 253 || !KeyPattern.IsMatch(key) || key == "." || key == ".." || key.StartsWith("..", StringComparison.Ordinal))
        {
            Array.Clear(value, 0, value.Length);
            throw Fail(new ArgumentException($"{from}: \"{key}\" is not a valid Secret key: use letters, digits, '-', '_' and '.' (at most 253, not '.' or '..'), as kubectl requires."), InvalidKey, key);
        }
        if (data.ContainsKey(key))
        {
            Array.Clear(value, 0, value.Length);
            throw Fail(new ArgumentException($"{from}: the key \"{key}\" is given twice (by -Data, -Path or -Credential)."), DuplicateKey, key);
        }
        data[key] = value;
    }

    private PipelineStoppedException Fail(Exception error, string id, object target, ErrorCategory category = ErrorCategory.InvalidArgument)
    {
        ThrowTerminatingError(new ErrorRecord(error, id, category, target));
        return new PipelineStoppedException();
    }

    /// <summary>The UTF-8 bytes of a SecureString's characters; the clear characters are wiped once encoded.</summary>
    internal static byte[] Utf8(SecureString secure)
    {
        if (secure.Length == 0) return Array.Empty<byte>();
        IntPtr pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        var chars = new char[secure.Length];
        try
        {
            Marshal.Copy(pointer, chars, 0, chars.Length);
            return Encoding.UTF8.GetBytes(chars);
        }
        finally
        {
            Array.Clear(chars, 0, chars.Length);
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}
