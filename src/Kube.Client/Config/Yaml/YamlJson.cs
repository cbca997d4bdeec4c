using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kube.Client.Config.Yaml;

/// <summary>
/// Converts a YAML node to JSON the way kubectl reads kubeconfig (YAML turned into JSON): plain
/// scalars that spell null, a boolean or a number become JSON literals, everything else a string.
/// </summary>
internal static class YamlJson
{
    private static readonly Regex IntegerPattern = new(@"^[-+]?(0|[1-9][0-9]*)$", RegexOptions.CultureInvariant);
    private static readonly Regex FloatPattern = new(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);

    public static JsonElement ToJsonElement(YamlNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }
        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var entry in mapping.Children)
                {
                    writer.WritePropertyName((entry.Key as YamlScalarNode)?.Value ?? entry.Key.ToString());
                    Write(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            writer.WriteStringValue(value);
            return;
        }
        if (YamlFieldReader.IsNull(scalar))
        {
            writer.WriteNullValue();
        }
        else if (value is "true" or "True" or "TRUE")
        {
            writer.WriteBooleanValue(true);
        }
        else if (value is "false" or "False" or "FALSE")
        {
            writer.WriteBooleanValue(false);
        }
        else if (IntegerPattern.IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            writer.WriteNumberValue(integer);
        }
        else if (FloatPattern.IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    /// <summary>True when a plain scalar with this text would not read back as the same string.</summary>
    public static bool NeedsQuoting(string value) =>
        value.Length == 0 || value.Trim() != value ||
        YamlFieldReader.IsNull(new YamlScalarNode(value)) ||
        value.ToLowerInvariant() is "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n" ||
        IntegerPattern.IsMatch(value) || FloatPattern.IsMatch(value);
}
