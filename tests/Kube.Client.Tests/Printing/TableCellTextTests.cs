using Kube.Client.Printing;
using Xunit;

namespace Kube.Client.Tests.Printing;

public sealed class TableCellTextTests
{
    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(100.0, "100")]
    [InlineData(123456.5, "123456.5")]
    [InlineData(999999.0, "999999")]
    [InlineData(1e6, "1e+06")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(1.5e21, "1.5e+21")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(0.000123, "0.000123")]
    [InlineData(-2.25, "-2.25")]
    [InlineData(3.14159, "3.14159")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.0, "0")]
    public void Floats_print_as_go_fmt_prints_them(double value, string expected) =>
        Assert.Equal(expected, TableCellText.Format(value));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("first\nsecond", "first...")]
    [InlineData("a\rb", "a...")]
    [InlineData("x\fy", "x...")]
    [InlineData("", "")]
    public void Strings_stop_at_their_first_line_break(string value, string expected) =>
        Assert.Equal(expected, TableCellText.Format(value));

    [Fact]
    public void Other_values_print_as_kubectl_prints_them()
    {
        Assert.Equal("", TableCellText.Format(null));
        Assert.Equal("true", TableCellText.Format(true));
        Assert.Equal("false", TableCellText.Format(false));
        Assert.Equal("-42", TableCellText.Format(-42L));
    }
}
