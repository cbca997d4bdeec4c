using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Text;
using Kube.Client.Models;
using Kube.Client.Secrets;
using Kube.PowerShell.Cmdlets.Watch;

namespace Kube.PowerShell.Cmdlets.Secrets;

// Over 80 lines: typed and Unstructured Secrets, -Key selection, and three output forms (SecureString, plain text,
// bytes), each with its own error for a missing key or undecodable value. No cluster call.
/// <summary>
/// <para type="synopsis">Reads the values of Secrets: as SecureStrings, or as plain text with -AsPlainText.</para>
/// <para type="description">Without -Key, each Secret becomes an ordered hashtable of its keys and values; with -Key, the values of those keys are written one by one.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertFrom, "KubeSecret", DefaultParameterSetName = AsSecure)]
[OutputType(typeof(SecureString), typeof(string), typeof(byte[]), typeof(OrderedDictionary))]
public sealed class ConvertFromKubeSecretCommand : PSCmdlet
{
    private const string AsSecure = "AsSecureString";
    private const string AsText = "AsPlainText";
    private const string AsBytes = "AsByteArray";

    public const string NotASecret = nameof(NotASecret);
    public const string KeyNotFound = nameof(KeyNotFound);
    public const string NotText = nameof(NotText);

    /// <summary>Secrets, typed or Unstructured (Get-KubeResource secret, Watch-KubeResource events).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, HelpMessage = "Secrets to read, such as Get-KubeResource secret writes.")]
    public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

    /// <summary>Only these keys, written as bare values in the order given.</summary>
    [Parameter(Position = 0)]
    public string[]? Key { get; set; }

    /// <summary>Values as SecureStrings: what happens without -AsPlainText or -AsByteArray.</summary>
    [Parameter(ParameterSetName = AsSecure)]
    public SwitchParameter AsSecureString { get; set; }

    /// <summary>Values as plain strings (UTF-8 decoded) instead of SecureStrings.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AsText)]
    public SwitchParameter AsPlainText { get; set; }

    /// <summary>Values as the bytes stored, for binary values (keystores, images).</summary>
    [Parameter(Mandatory = true, ParameterSetName = AsBytes)]
    public SwitchParameter AsByteArray { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var input in InputObject)
        {
            object? obj = input?.BaseObject;
            if (obj is KubeResourceEvent e) obj = e.Object is PSObject p ? p.BaseObject : e.Object;
            if (!SecretData.IsSecret(obj))
            {
                WriteError(new ErrorRecord(new ArgumentException($"Expected a Secret (from Get-KubeResource secret or Watch-KubeResource secret), got {Describe(obj)}."),
                    NotASecret, ErrorCategory.InvalidArgument, obj));
                continue;
            }
            SortedDictionary<string, byte[]> values;
            try
            {
                values = SecretData.Values(obj);
            }
            catch (FormatException error)
            {
                WriteError(new ErrorRecord(error, "InvalidSecretData", ErrorCategory.InvalidData, obj));
                continue;
            }
            try
            {
                if (Key is null)
                {
                    var table = new OrderedDictionary(StringComparer.Ordinal);
                    foreach (var pair in values)
                        if (TryConvert(obj!, pair.Key, pair.Value, out var value)) table[pair.Key] = value;
                    WriteObject(table);
                    continue;
                }
                foreach (var key in Key)
                {
                    if (!values.TryGetValue(key, out var bytes))
                    {
                        WriteError(new ErrorRecord(new KeyNotFoundException($"Secret {Describe(obj)} has no key \"{key}\" (its keys: {(values.Count == 0 ? "none" : string.Join(", ", values.Keys))})."),
                            KeyNotFound, ErrorCategory.ObjectNotFound, key));
                        continue;
                    }
                    if (TryConvert(obj!, key, bytes, out var value)) WriteObject(value, enumerateCollection: false);
                }
            }
            finally
            {
                foreach (var bytes in values.Values) Array.Clear(bytes, 0, bytes.Length);
            }
        }
    }

    private bool TryConvert(object secret, string key, byte[] bytes, out object value)
    {
        value = null!;
        if (AsByteArray.IsPresent)
        {
            value = (byte[])bytes.Clone();
            return true;
        }
        char[] chars;
        try
        {
            chars = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetChars(bytes);
        }
        catch (DecoderFallbackException)
        {
            WriteError(new ErrorRecord(new InvalidOperationException($"The value of key \"{key}\" of Secret {Describe(secret)} is {bytes.Length} bytes that are not UTF-8 text; read it with -AsByteArray."),
                NotText, ErrorCategory.InvalidData, key));
            return false;
        }
        try
        {
            if (AsPlainText.IsPresent)
            {
                value = new string(chars);
                return true;
            }
            var secure = new SecureString();
            foreach (char c in chars) secure.AppendChar(c);
            secure.MakeReadOnly();
            value = secure;
            return true;
        }
        finally
        {
            Array.Clear(chars, 0, chars.Length);
        }
    }

    private static string Describe(object? obj) => obj switch
    {
        null => "null",
        Unstructured u => u.ToString(),
        IKubeResource r => $"{r.Kind ?? r.GetType().Name}/{r.Metadata?.Name}{(r.Metadata?.Namespace is { Length: > 0 } ns ? " in namespace " + ns : "")}",
        _ => "a " + obj.GetType().Name,
    };
}
