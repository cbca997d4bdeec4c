using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Kube.Client.Models.CoreV1;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Models;

public sealed class ByteDataTests
{
    [Fact]
    public void Secret_data_is_decoded_from_base64_and_written_back_identically()
    {
        const string json = "{\"apiVersion\":\"v1\",\"data\":{\"binary\":\"AAH/gH8=\",\"empty\":\"\",\"password\":\"czNjcjN0\",\"padded\":\"YQ==\"},\"kind\":\"Secret\",\"type\":\"Opaque\"}";

        var secret = Json.Read<Secret>(json);

        Assert.Equal("s3cr3t", Encoding.UTF8.GetString(secret.Data!["password"]));
        Assert.Equal(new byte[] { 0x00, 0x01, 0xFF, 0x80, 0x7F }, secret.Data["binary"]);
        Assert.Empty(secret.Data["empty"]);
        Assert.Equal(json, Json.Write(secret));
    }

    [Fact]
    public void Bytes_set_in_code_are_written_as_standard_padded_base64()
    {
        var secret = new Secret { Data = new Dictionary<string, byte[]> { ["key"] = new byte[] { 0xFB, 0xFF } } };

        Assert.Contains("\"key\":\"+/8=\"", Json.Write(secret));
    }

    [Fact]
    public void A_byte_field_outside_a_map_round_trips()
    {
        const string json = "{\"caBundle\":\"LS0tLS1CRUdJTg==\",\"service\":{\"name\":\"webhook\",\"namespace\":\"system\"}}";

        var config = Json.Read<Kube.Client.Models.AdmissionregistrationV1.WebhookClientConfig>(json);

        Assert.Equal("-----BEGIN", Encoding.ASCII.GetString(config.CaBundle!));
        Assert.Equal(json, Json.Write(config));
    }

    [Fact]
    public void Text_that_is_not_base64_is_a_json_error()
    {
        Assert.Throws<JsonException>(() => Json.Read<Secret>("{\"data\":{\"k\":\"not base64!\"}}"));
    }
}
