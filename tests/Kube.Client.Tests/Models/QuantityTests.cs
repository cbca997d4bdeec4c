using System;
using System.Collections.Generic;
using System.Text.Json;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Models;

public sealed class QuantityTests
{
    public static IEnumerable<object[]> Values() => new[]
    {
        new object[] { "0", 0m, QuantityFormat.DecimalSI },
        new object[] { "1", 1m, QuantityFormat.DecimalSI },
        new object[] { "500m", 0.5m, QuantityFormat.DecimalSI },
        new object[] { "100n", 0.0000001m, QuantityFormat.DecimalSI },
        new object[] { "250u", 0.00025m, QuantityFormat.DecimalSI },
        new object[] { "2k", 2000m, QuantityFormat.DecimalSI },
        new object[] { "1M", 1_000_000m, QuantityFormat.DecimalSI },
        new object[] { "3G", 3_000_000_000m, QuantityFormat.DecimalSI },
        new object[] { "1T", 1e12m, QuantityFormat.DecimalSI },
        new object[] { "1P", 1e15m, QuantityFormat.DecimalSI },
        new object[] { "2E", 2e18m, QuantityFormat.DecimalSI },
        new object[] { "1Ki", 1024m, QuantityFormat.BinarySI },
        new object[] { "128Mi", 134_217_728m, QuantityFormat.BinarySI },
        new object[] { "1.5Gi", 1_610_612_736m, QuantityFormat.BinarySI },
        new object[] { "1Ti", 1_099_511_627_776m, QuantityFormat.BinarySI },
        new object[] { "1Pi", 1_125_899_906_842_624m, QuantityFormat.BinarySI },
        new object[] { "1Ei", 1_152_921_504_606_846_976m, QuantityFormat.BinarySI },
        new object[] { "1e3", 1000m, QuantityFormat.DecimalExponent },
        new object[] { "1E3", 1000m, QuantityFormat.DecimalExponent },
        new object[] { "12e-3", 0.012m, QuantityFormat.DecimalExponent },
        new object[] { "1.5e+2", 150m, QuantityFormat.DecimalExponent },
        new object[] { "-1", -1m, QuantityFormat.DecimalSI },
        new object[] { "+2", 2m, QuantityFormat.DecimalSI },
        new object[] { "-0.5Ki", -512m, QuantityFormat.BinarySI },
        new object[] { ".5", 0.5m, QuantityFormat.DecimalSI },
        new object[] { "5.", 5m, QuantityFormat.DecimalSI },
        new object[] { "1.G", 1_000_000_000m, QuantityFormat.DecimalSI },
        new object[] { "007", 7m, QuantityFormat.DecimalSI },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Parses_the_kubernetes_syntax_to_its_value_and_keeps_the_text(string text, decimal value, QuantityFormat format)
    {
        var quantity = Quantity.Parse(text);

        Assert.Equal(value, quantity.Value);
        Assert.Equal(format, quantity.Format);
        Assert.Equal(text, quantity.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1K")]
    [InlineData("1kb")]
    [InlineData("1 Gi")]
    [InlineData("1Gi ")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("1e3.5")]
    [InlineData("1..2")]
    [InlineData("--1")]
    [InlineData("0x10")]
    [InlineData("1mi")]
    [InlineData("Pi")]
    [InlineData("e-10")]
    public void Rejects_text_outside_the_syntax_with_a_message_naming_it(string text)
    {
        var error = Assert.Throws<FormatException>(() => Quantity.Parse(text));

        Assert.Contains($"'{text}'", error.Message);
        Assert.False(Quantity.TryParse(text, out _));
    }

    [Fact]
    public void Compares_and_equates_by_value_not_by_text()
    {
        Assert.Equal(Quantity.Parse("1"), Quantity.Parse("1000m"));
        Assert.Equal(Quantity.Parse("1Ki"), Quantity.Parse("1024"));
        Assert.Equal(Quantity.Parse("1k").GetHashCode(), Quantity.Parse("1e3").GetHashCode());
        Assert.True(Quantity.Parse("1Gi") > Quantity.Parse("1G"));
        Assert.True(Quantity.Parse("500m") < Quantity.Parse("1"));
        Assert.True(Quantity.Parse("2") >= Quantity.Parse("2000m"));
        Assert.Equal(-1, Quantity.Parse("1m").CompareTo(Quantity.Parse("1")));
        Assert.Equal(1, Quantity.Parse("1").CompareTo(null));
    }

    [Fact]
    public void A_quantity_beyond_decimal_range_still_round_trips_but_has_no_value()
    {
        var huge = Quantity.Parse("1e40");

        Assert.Equal("1e40", huge.ToString());
        Assert.Throws<OverflowException>(() => huge.Value);
        Assert.Equal("{\"cpu\":\"1e40\"}", Json.Write(new Dictionary<string, Quantity> { ["cpu"] = huge }));
    }

    [Theory]
    [InlineData("1.0001n", "0.000000002", "2n")]
    [InlineData("0.5n", "0.000000001", "1n")]
    [InlineData("-0.5n", "-0.000000001", "-1n")]
    [InlineData("0.0000000001", "0.000000001", "1n")]
    [InlineData("1.0000000001Ki", "1024.000000103", "1024000000103n")]
    [InlineData("9Ei", "9223372036854775807", "9223372036854775807")]
    [InlineData("0.0001Ki", "0.1024", "102400u")]
    [InlineData("1024Mi", "1073741824", "1Gi")]
    [InlineData("0.5Gi", "536870912", "512Mi")]
    [InlineData("1000m", "1", "1")]
    [InlineData("+1Ki", "1024", "+1Ki")]
    [InlineData("1e40", "10000000000000000000000000000000000000000", "10e39")]
    [InlineData("m", "0", "0")]
    public void Rounds_up_to_whole_nano_units_and_canonicalizes_as_the_server_does(string text, string value, string canonical)
    {
        var quantity = Quantity.Parse(text);

        Assert.Equal(value, quantity.ToDecimalString());
        Assert.Equal(canonical, quantity.ToCanonicalString());
        Assert.Equal(text, quantity.ToString());
    }

    [Fact]
    public void A_value_finer_than_a_nano_unit_equals_what_the_server_stores()
    {
        // A controller comparing what it wants with what it reads back must see no difference.
        Assert.Equal(Quantity.Parse("2n"), Quantity.Parse("1.0001n"));
        Assert.Equal(0.000000002m, Quantity.Parse("1.0001n").Value);
        Assert.Equal(Quantity.Parse("2n").GetHashCode(), Quantity.Parse("1.0001n").GetHashCode());
        Assert.True(Quantity.Parse("1.0001n") > Quantity.Parse("1n"));
        Assert.Equal(Quantity.Parse("1e40"), Quantity.Parse("10e39"));
        Assert.True(Quantity.Parse("1e40") > Quantity.Parse("9e39"));
        Assert.True(Quantity.Parse("-1e40") < Quantity.Parse("-9e39"));
        Assert.Equal(QuantityFormat.DecimalSI, Quantity.Parse("0.0001Ki").Format);
    }

    [Fact]
    public void Converts_implicitly_from_string()
    {
        Quantity? quantity = "250m";

        Assert.Equal(0.25m, quantity!.Value);
    }

    [Theory]
    [InlineData("{\"limits\":{\"cpu\":1}}", "1")]
    [InlineData("{\"limits\":{\"cpu\":0.25}}", "0.25")]
    [InlineData("{\"limits\":{\"cpu\":1e3}}", "1e3")]
    public void A_json_number_is_accepted_and_keeps_its_exact_text(string json, string text)
    {
        var resources = Json.Read<ResourceRequirements>(json);

        Assert.Equal(text, resources.Limits!["cpu"].ToString());
        Assert.Equal($"{{\"limits\":{{\"cpu\":\"{text}\"}}}}", Json.Write(resources));
    }

    [Fact]
    public void A_malformed_quantity_in_json_is_a_json_error_naming_the_text()
    {
        var error = Assert.Throws<JsonException>(() => Json.Read<ResourceRequirements>("{\"limits\":{\"cpu\":\"lots\"}}"));

        Assert.Contains("'lots'", error.Message);
    }

    [Fact]
    public void Decoded_objects_share_one_quantity_per_text_and_keep_each_text_exactly()
    {
        const string json = "{\"limits\":{\"cpu\":\"250m\",\"memory\":\"1.0\"},\"requests\":{\"cpu\":\"0.25\",\"memory\":\"1\",\"x\":\"\\u0031\"}}";
        var a = Json.Read<ResourceRequirements>(json);
        var b = Json.Read<ResourceRequirements>(json);

        Assert.Same(a.Limits!["cpu"], b.Limits!["cpu"]);
        Assert.Same(a.Requests!["memory"], b.Requests!["memory"]);
        // Equal values, other texts: never the same object, each written back as read.
        Assert.NotSame(a.Limits["memory"], a.Requests!["memory"]);
        Assert.Equal("1.0", a.Limits["memory"].ToString());
        Assert.Equal("1", a.Requests["memory"].ToString());
        Assert.Equal("0.25", b.Requests!["cpu"].ToString());
        Assert.Equal("1", a.Requests["x"].ToString());
        Assert.Equal(Json.Write(a), Json.Write(b));
        Assert.Equal("{\"limits\":{\"cpu\":\"250m\",\"memory\":\"1.0\"},\"requests\":{\"cpu\":\"0.25\",\"memory\":\"1\",\"x\":\"1\"}}", Json.Write(a));
    }
}
