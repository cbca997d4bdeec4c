using System.Text.Json;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Models;

public sealed class IntOrStringTests
{
    [Theory]
    [InlineData("{\"port\":8080}", true, 8080, null)]
    [InlineData("{\"port\":\"http\"}", false, 0, "http")]
    [InlineData("{\"port\":\"8080\"}", false, 0, "8080")]
    [InlineData("{\"port\":\"25%\"}", false, 0, "25%")]
    [InlineData("{\"port\":-1}", true, -1, null)]
    [InlineData("{\"port\":\"\"}", false, 0, "")]
    public void The_wire_type_decides_which_side_is_set_and_is_written_back_unchanged(string json, bool isInt, int intValue, string? stringValue)
    {
        var action = Json.Read<TCPSocketAction>(json);

        Assert.Equal(isInt, action.Port!.IsInt);
        Assert.Equal(intValue, action.Port.IntValue);
        Assert.Equal(stringValue, action.Port.StringValue);
        Assert.Equal(json, Json.Write(action));
    }

    [Theory]
    [InlineData("{\"port\":1.5}")]
    [InlineData("{\"port\":2147483648}")]
    [InlineData("{\"port\":true}")]
    [InlineData("{\"port\":{}}")]
    public void Values_that_are_neither_int32_nor_string_are_rejected(string json)
    {
        Assert.Throws<JsonException>(() => Json.Read<TCPSocketAction>(json));
    }

    [Fact]
    public void Implicit_conversions_build_either_side()
    {
        IntOrString fromInt = 80;
        IntOrString? fromString = "http";
        IntOrString? fromNull = (string?)null;

        Assert.True(fromInt.IsInt);
        Assert.False(fromString!.IsInt);
        Assert.Null(fromNull);
    }

    [Fact]
    public void Equality_distinguishes_the_number_from_the_same_digits_as_text()
    {
        Assert.Equal(IntOrString.FromInt(80), (IntOrString)80);
        Assert.Equal(IntOrString.FromString("http"), IntOrString.FromString("http"));
        Assert.NotEqual(IntOrString.FromInt(80), IntOrString.FromString("80"));
        Assert.True(IntOrString.FromInt(1) == 1);
        Assert.True(IntOrString.FromInt(1) != IntOrString.FromString("1"));
        Assert.Equal(IntOrString.FromString("a").GetHashCode(), IntOrString.FromString("a").GetHashCode());
    }

    [Fact]
    public void ToString_gives_the_value_as_written()
    {
        Assert.Equal("8080", IntOrString.FromInt(8080).ToString());
        Assert.Equal("http", IntOrString.FromString("http").ToString());
    }
}
