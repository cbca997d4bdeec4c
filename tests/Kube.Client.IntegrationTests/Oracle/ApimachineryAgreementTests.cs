using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Kube.Client.Labels;
using Kube.Client.Models;
using Xunit;
using Xunit.Abstractions;

namespace Kube.Client.IntegrationTests.Oracle;

/// <summary>
/// Quantities and label selectors against apimachinery itself (tools/go/apimachinery-oracle): for
/// random inputs, shaped to hit the grammar's corners, Kube.Client must agree with the server's own
/// code on validity, exact value, format and canonical text (quantities), and on validity, canonical
/// text and matching (selectors). Each run draws new inputs; a failure names its seed.
/// </summary>
public sealed class ApimachineryAgreementTests
{
    private const int Cases = 1500;
    private readonly ITestOutputHelper _output;

    public ApimachineryAgreementTests(ITestOutputHelper output) => _output = output;

    /// <summary>Corners worth asking every run, beside the random ones.</summary>
    public static readonly string[] QuantityCorners =
    {
        "1.0001n", "0.5n", "-0.5n", "1n", "1.5n", "0.0000000001", "1e-10", "e-10", "m", "+", "-", ".", "Ki", "Pi", "Ei", "0Ei",
        "9Ei", "-9Ei", "8Ei", "7.99Ei", "0.0001Ki", "1.0000000001Ki", "1000E", "1e40", "1E+05", "12e-3", "1.G", "007", "+1Ki", "8Ki",
        "1000m", "1024Mi", "0.5Gi", "100n", "1e", "1e+", "1kb", "1K", "1 Gi", "1Gi ", "--1", "0x10", "1mi", "1..2", "99999999999999999999",
        "123456789012345678901234567890.123456789012", "1e9223372036854775807", "1e9223372036854775808", "0.1e-8", "3e-9", "1.5e2",
    };

    [Fact]
    public async Task Quantities_parse_value_and_print_as_apimachinery_does()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        var inputs = QuantityCorners.Concat(Enumerable.Range(0, Cases).Select(_ => RandomQuantity(random))).ToList();

        using var oracle = await ApimachineryOracle.StartAsync();
        var answers = await oracle.AskAsync(inputs.Select(text => (object)new { kind = "quantity", text }));

        var disagreements = new List<string>();
        int valid = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            string text = inputs[i];
            var answer = answers[i];
            bool goValid = answer.GetProperty("valid").GetBoolean();
            bool ours = Quantity.TryParse(text, out var quantity);
            if (ours != goValid)
            {
                disagreements.Add($"'{text}': apimachinery says {(goValid ? "valid" : "invalid (" + answer.GetProperty("error").GetString() + ")")}, Kube.Client says {(ours ? "valid" : "invalid")}");
                continue;
            }
            if (!goValid) continue;
            valid++;
            string goValue = answer.GetProperty("value").GetString()!;
            string goFormat = answer.GetProperty("format").GetString()!;
            string goCanonical = answer.GetProperty("canonical").GetString()!;
            if (quantity!.ToDecimalString() != goValue) disagreements.Add($"'{text}': value {goValue} in apimachinery, {quantity.ToDecimalString()} in Kube.Client");
            if (quantity.Format.ToString() != goFormat) disagreements.Add($"'{text}': format {goFormat} in apimachinery, {quantity.Format} in Kube.Client");
            if (quantity.ToCanonicalString() != goCanonical) disagreements.Add($"'{text}': canonical '{goCanonical}' in apimachinery, '{quantity.ToCanonicalString()}' in Kube.Client");
        }

        _output.WriteLine($"seed {seed}: {inputs.Count} quantities, {valid} valid");
        Assert.True(disagreements.Count == 0, $"seed {seed}: {disagreements.Count} of {inputs.Count} disagree:\n" + string.Join("\n", disagreements.Take(40)));
        // The generator must reach both sides of the grammar for the comparison to mean something.
        Assert.InRange(valid, inputs.Count / 20, inputs.Count * 19 / 20);
    }

    [Fact]
    public async Task Label_selectors_parse_print_and_match_as_apimachinery_does()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        var inputs = Enumerable.Range(0, Cases).Select(_ => (Text: RandomSelector(random), Labels: RandomLabels(random))).ToList();

        using var oracle = await ApimachineryOracle.StartAsync();
        var answers = await oracle.AskAsync(inputs.Select(input => (object)new { kind = "selector", text = input.Text, labels = input.Labels }));

        var disagreements = new List<string>();
        int valid = 0, matched = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            var (text, labels) = inputs[i];
            var answer = answers[i];
            bool goValid = answer.GetProperty("valid").GetBoolean();
            bool ours = Selector.TryParse(text, out var selector);
            if (ours != goValid)
            {
                disagreements.Add($"'{text}': apimachinery says {(goValid ? "valid" : "invalid (" + answer.GetProperty("error").GetString() + ")")}, Kube.Client says {(ours ? "valid" : "invalid")}");
                continue;
            }
            if (!goValid) continue;
            valid++;
            string goCanonical = answer.TryGetProperty("canonical", out var c) ? c.GetString()! : "";
            bool goMatches = answer.GetProperty("matches").GetBoolean();
            if (goMatches) matched++;
            if (selector.ToString() != goCanonical) disagreements.Add($"'{text}': canonical '{goCanonical}' in apimachinery, '{selector}' in Kube.Client");
            if (selector.Matches(labels) != goMatches)
                disagreements.Add($"'{text}' on {{{string.Join(",", labels.Select(l => l.Key + "=" + l.Value))}}}: apimachinery {(goMatches ? "matches" : "does not match")}, Kube.Client {(goMatches ? "does not" : "does")}");
        }

        _output.WriteLine($"seed {seed}: {inputs.Count} selectors, {valid} valid, {matched} matching");
        Assert.True(disagreements.Count == 0, $"seed {seed}: {disagreements.Count} of {inputs.Count} disagree:\n" + string.Join("\n", disagreements.Take(40)));
        Assert.InRange(valid, inputs.Count / 20, inputs.Count * 19 / 20);
        Assert.InRange(matched, valid / 10, valid * 9 / 10);
    }

    private static readonly string[] Suffixes = { "", "", "", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };

    private static string RandomQuantity(Random random)
    {
        var text = new StringBuilder();
        if (random.Next(4) == 0) text.Append(random.Next(2) == 0 ? '-' : '+');
        if (random.Next(6) == 0) text.Append('0', random.Next(1, 3));
        int digits = random.Next(10) switch { 0 => 0, < 7 => random.Next(1, 5), < 9 => random.Next(5, 19), _ => random.Next(19, 30) };
        AppendDigits(random, text, digits);
        if (random.Next(3) == 0)
        {
            text.Append('.');
            AppendDigits(random, text, random.Next(4) == 0 ? random.Next(8, 20) : random.Next(0, 5));
        }
        switch (random.Next(10))
        {
            case < 7:
                text.Append(Suffixes[random.Next(Suffixes.Length)]);
                break;
            case < 9:
                text.Append(random.Next(2) == 0 ? 'e' : 'E');
                int sign = random.Next(3);
                if (sign == 1) text.Append('-');
                if (sign == 2) text.Append('+');
                if (random.Next(10) > 0) text.Append(random.Next(0, 25));
                break;
            default:
                // Anything built of the characters the grammar knows, and one it does not.
                const string alphabet = "eEinumkKMGTP+-.0123456789 x";
                int length = random.Next(1, 4);
                for (int i = 0; i < length; i++) text.Append(alphabet[random.Next(alphabet.Length)]);
                break;
        }
        return text.ToString();
    }

    private static void AppendDigits(Random random, StringBuilder text, int count)
    {
        for (int i = 0; i < count; i++) text.Append((char)('0' + random.Next(10)));
    }

    private static readonly string[] Keys = { "app", "tier", "env", "example.com/team", "kubernetes.io/os", "a", "b-c", "x_y.z", "-bad", "bad-", "Very.Long/Key", "a/b/c", "k" + new string('x', 63), "k" + new string('x', 62) };
    private static readonly string[] Values = { "web", "db", "front", "", "v1.2", "a-b_c", "-no", "x y", "prod", "" };

    private static string RandomSelector(Random random)
    {
        int count = random.Next(5) == 0 ? 0 : random.Next(1, 4);
        var parts = new List<string>();
        for (int i = 0; i < count; i++)
        {
            string key = Keys[random.Next(Keys.Length)];
            string value = Values[random.Next(Values.Length)];
            string space = random.Next(4) == 0 ? " " : "";
            parts.Add(random.Next(9) switch
            {
                0 => $"{key}{space}={space}{value}",
                1 => $"{key}{space}=={space}{value}",
                2 => $"{key}{space}!={space}{value}",
                3 => $"{key} in ({string.Join(random.Next(2) == 0 ? "," : ", ", Enumerable.Range(0, random.Next(0, 3)).Select(_ => Values[random.Next(Values.Length)]))})",
                4 => $"{key} notin ({string.Join(",", Enumerable.Range(0, random.Next(0, 3)).Select(_ => Values[random.Next(Values.Length)]))})",
                5 => key,
                6 => $"!{space}{key}",
                7 => $"{key} {(random.Next(2) == 0 ? ">" : "<")} {random.Next(-3, 20)}",
                _ => random.Next(4) switch { 0 => $"{key} in {value}", 1 => $"{key}=({value})", 2 => $"{key} in (a", _ => $"{key}=={value}==" },
            });
        }
        string separator = random.Next(5) == 0 ? " , " : ",";
        string text = string.Join(separator, parts);
        if (random.Next(10) == 0) text += ",";
        return random.Next(8) == 0 ? "  " + text + " " : text;
    }

    private static Dictionary<string, string> RandomLabels(Random random)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        int count = random.Next(0, 5);
        for (int i = 0; i < count; i++)
        {
            string key = Keys[random.Next(Keys.Length)];
            labels[key] = random.Next(3) == 0 ? random.Next(0, 20).ToString(System.Globalization.CultureInfo.InvariantCulture) : Values[random.Next(Values.Length)];
        }
        return labels;
    }
}
