using System.Collections.Generic;
using System.Globalization;

namespace Kube.Client.Models.MetaV1;

/// <summary>
/// The query parameters of the request options (client-go's metav1.ParameterCodec): each option
/// the server reads from the URL, in the API's names, and nothing for options left unset. Hand them
/// to a request with <c>Request.Params(ParameterCodec.Encode(options))</c>.
/// </summary>
public static class ParameterCodec
{
    public static IEnumerable<KeyValuePair<string, string>> Encode(ListOptions? options)
    {
        if (options is null) yield break;
        if (NonEmpty(options.LabelSelector) is { } labels) yield return Pair("labelSelector", labels);
        if (NonEmpty(options.FieldSelector) is { } fields) yield return Pair("fieldSelector", fields);
        if (options.Limit > 0) yield return Pair("limit", options.Limit.ToString(CultureInfo.InvariantCulture));
        if (NonEmpty(options.Continue) is { } token) yield return Pair("continue", token);
        // An empty resourceVersion is meaningful ("most recent"): sent as given when not null.
        if (options.ResourceVersion is { } version) yield return Pair("resourceVersion", version);
        if (NonEmpty(options.ResourceVersionMatch) is { } match) yield return Pair("resourceVersionMatch", match);
        if (options.TimeoutSeconds is long t) yield return Pair("timeoutSeconds", t.ToString(CultureInfo.InvariantCulture));
        if (options.AllowWatchBookmarks) yield return Pair("allowWatchBookmarks", "true");
    }

    public static IEnumerable<KeyValuePair<string, string>> Encode(GetOptions? options)
    {
        if (NonEmpty(options?.ResourceVersion) is { } version) yield return Pair("resourceVersion", version);
    }

    public static IEnumerable<KeyValuePair<string, string>> Encode(CreateOptions? options) => Write(options?.DryRun, options?.FieldManager, null);

    public static IEnumerable<KeyValuePair<string, string>> Encode(UpdateOptions? options) => Write(options?.DryRun, options?.FieldManager, null);

    public static IEnumerable<KeyValuePair<string, string>> Encode(PatchOptions? options) => Write(options?.DryRun, options?.FieldManager, options?.Force);

    /// <summary>The options every write shares: dryRun=All, fieldManager, and (patches) force.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Write(bool? dryRun, string? fieldManager, bool? force)
    {
        if (dryRun == true) yield return Pair("dryRun", "All");
        if (NonEmpty(fieldManager) is { } manager) yield return Pair("fieldManager", manager);
        if (force is bool f) yield return Pair("force", f ? "true" : "false");
    }

    private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
