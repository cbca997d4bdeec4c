using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Secrets;
using Xunit;

namespace Kube.Client.Tests.Secrets;

public sealed class SecretRedactionTests
{
    private const string Value = "hunter2-value";
    private static readonly string Encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(Value));

    private static JsonObject Secret(bool stringData = false, bool lastApplied = false)
    {
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "db", ["namespace"] = "shop" },
            ["type"] = "Opaque",
            ["data"] = new JsonObject { ["password"] = Encoded, ["empty"] = "" },
        };
        if (stringData) secret["stringData"] = new JsonObject { ["token"] = Value + "-string", ["password"] = "overrides" };
        if (lastApplied)
        {
            ((JsonObject)secret["metadata"]!)["annotations"] = new JsonObject
            {
                [SecretRedaction.LastAppliedAnnotation] = "{\"data\":{\"password\":\"" + Encoded + "\"}}",
                ["team"] = "a",
            };
        }
        return secret;
    }

    [Fact]
    public void Values_become_markers_with_their_sizes_and_string_data_folds_into_data()
    {
        var secret = Secret(stringData: true);

        Assert.Equal(1, SecretRedaction.Redact(secret));

        var text = secret.ToJsonString();
        Assert.DoesNotContain(Value, text);
        Assert.DoesNotContain(Encoded, text);
        Assert.False(secret.ContainsKey("stringData"));
        var data = (JsonObject)secret["data"]!;
        Assert.Equal("<redacted: 0 bytes>", (string?)data["empty"]);
        Assert.Equal("<redacted: 9 bytes>", (string?)data["password"]);
        Assert.Equal($"<redacted: {Value.Length + 7} bytes>", (string?)data["token"]);
        Assert.Equal("Opaque", (string?)secret["type"]);
    }

    [Fact]
    public void The_last_applied_annotation_holds_the_values_too_and_is_redacted()
    {
        var secret = Secret(lastApplied: true);

        SecretRedaction.Redact(secret);

        var annotations = (JsonObject)secret["metadata"]!["annotations"]!;
        Assert.StartsWith("<redacted: ", (string?)annotations[SecretRedaction.LastAppliedAnnotation]);
        Assert.Equal("a", (string?)annotations["team"]);
        Assert.DoesNotContain(Encoded, secret.ToJsonString());
    }

    [Fact]
    public void Secrets_nested_anywhere_are_found_and_other_kinds_are_left_alone()
    {
        var configMap = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["data"] = new JsonObject { ["password"] = Value } };
        var tree = new JsonObject
        {
            ["Type"] = "Modified",
            ["Object"] = Secret(),
            ["OldObject"] = Secret(stringData: true),
            ["Other"] = new JsonArray { configMap, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = new JsonArray { Secret() } } },
            ["SecretList"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "SecretList", ["items"] = new JsonArray { new JsonObject { ["metadata"] = new JsonObject { ["name"] = "x" }, ["data"] = new JsonObject { ["k"] = Encoded } } } },
        };

        Assert.Equal(4, SecretRedaction.Redact(tree));

        string text = tree.ToJsonString();
        Assert.DoesNotContain(Encoded, text);
        Assert.Equal(Value, (string?)configMap["data"]!["password"]);
    }

    [Fact]
    public void A_secret_without_values_is_not_counted()
    {
        var secret = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = "x" } };

        Assert.Equal(0, SecretRedaction.Redact(secret));
    }

    [Fact]
    public void The_marker_is_not_base64_so_the_server_refuses_a_redacted_manifest()
    {
        Assert.Throws<FormatException>(() => Convert.FromBase64String(SecretRedaction.Marker(12)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("abcd")]
    [InlineData("hunter2-value")]
    public void Sizes_are_read_from_base64_without_decoding(string text)
    {
        string b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        Assert.Equal(Encoding.UTF8.GetByteCount(text), SecretData.Base64Size(b64));
        Assert.Equal(Encoding.UTF8.GetByteCount(text), SecretData.Base64Size(b64.TrimEnd('=')));
    }

    [Fact]
    public void Typed_and_unstructured_secrets_give_the_same_values_and_sizes()
    {
        var typed = new Secret
        {
            Data = new Dictionary<string, byte[]> { ["password"] = Encoding.UTF8.GetBytes(Value), ["bin"] = new byte[] { 0, 255, 1 } },
            StringData = new Dictionary<string, string> { ["token"] = "t" },
        };
        var unstructured = Unstructured.Parse("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"data\":{\"password\":\"" + Encoded + "\",\"bin\":\"AP8B\"},\"stringData\":{\"token\":\"t\"}}");

        Assert.True(SecretData.IsSecret(typed));
        Assert.True(SecretData.IsSecret(unstructured));
        Assert.False(SecretData.IsSecret(new ConfigMap()));
        Assert.Equal(SecretData.Sizes(typed), SecretData.Sizes(unstructured));
        Assert.Equal(new[] { "bin", "password", "token" }, SecretData.Values(typed).Keys);
        Assert.Equal(SecretData.Values(typed)["bin"], SecretData.Values(unstructured)["bin"]);
        Assert.Equal(Value, Encoding.UTF8.GetString(SecretData.Values(unstructured)["password"]));
    }

    [Fact]
    public void A_value_that_is_not_base64_is_an_error_naming_its_key()
    {
        var bad = Unstructured.Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"},"data":{"k":"not base64!"}}""");

        var e = Assert.Throws<FormatException>(() => SecretData.Values(bad));

        Assert.Contains("\"k\"", e.Message);
    }
}
