using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;

namespace Kube.Client.Secrets;

/// <summary>
/// Takes the values out of the Secrets in a JSON tree (a Secret, a SecretList, a List, or anything
/// that holds them, such as a watch event): each value of <c>data</c> and <c>stringData</c> becomes
/// <c>&lt;redacted: N bytes&gt;</c> under <c>data</c> (stringData folded in, as the server would), and
/// so does kubectl's last-applied-configuration annotation, which holds the values too. The marker
/// is not base64, so a redacted manifest sent back by mistake is refused, never stored.
/// </summary>
public static class SecretRedaction
{
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>What stands in for a value of <paramref name="bytes"/> bytes.</summary>
    public static string Marker(int bytes) => "<redacted: " + bytes.ToString(CultureInfo.InvariantCulture) + (bytes == 1 ? " byte>" : " bytes>");

    /// <summary>Redacts every Secret in <paramref name="tree"/> in place; returns how many had values to hide.</summary>
    public static int Redact(JsonNode? tree) => Walk(tree, secretItems: false);

    private static int Walk(JsonNode? node, bool secretItems)
    {
        int found = 0;
        switch (node)
        {
            case JsonObject obj:
                string? kind = Text(obj, "kind");
                string? apiVersion = Text(obj, "apiVersion");
                if ((SecretData.IsSecretKind(apiVersion, kind) || (secretItems && kind is null)) && RedactSecret(obj)) found++;
                bool list = kind == "SecretList" && apiVersion is null or "" or "v1";
                foreach (var member in obj.ToList())
                    found += Walk(member.Value, secretItems: list && member.Key == "items");
                break;
            case JsonArray array:
                foreach (var item in array) found += Walk(item, secretItems);
                break;
        }
        return found;
    }

    private static bool RedactSecret(JsonObject secret)
    {
        bool any = false;
        var sizes = new SortedDictionary<string, int>(System.StringComparer.Ordinal);
        if (secret["data"] is JsonObject data)
            foreach (var pair in data) sizes[pair.Key] = pair.Value is JsonValue v && v.TryGetValue<string>(out var b64) ? SecretData.Base64Size(b64) : 0;
        if (secret["stringData"] is JsonObject strings)
            foreach (var pair in strings) sizes[pair.Key] = pair.Value is JsonValue v && v.TryGetValue<string>(out var s) ? Encoding.UTF8.GetByteCount(s) : 0;
        if (secret.ContainsKey("data") || secret.ContainsKey("stringData"))
        {
            var redacted = new JsonObject();
            foreach (var pair in sizes) redacted[pair.Key] = Marker(pair.Value);
            secret["data"] = redacted;
            secret.Remove("stringData");
            any = sizes.Count > 0;
        }
        if (secret["metadata"] is JsonObject { } metadata && metadata["annotations"] is JsonObject annotations &&
            annotations[LastAppliedAnnotation] is JsonValue applied && applied.TryGetValue<string>(out var text))
        {
            annotations[LastAppliedAnnotation] = Marker(Encoding.UTF8.GetByteCount(text));
            any = true;
        }
        return any;
    }

    private static string? Text(JsonObject obj, string key) =>
        obj.TryGetPropertyValue(key, out var value) && value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
