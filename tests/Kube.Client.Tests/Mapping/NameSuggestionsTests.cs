using Kube.Client.Mapping;
using Xunit;

namespace Kube.Client.Tests.Mapping;

public sealed class NameSuggestionsTests
{
    [Theory]
    [InlineData("pods", "pods", 0)]
    [InlineData("podz", "pods", 1)]
    [InlineData("dpeloyments", "deployments", 1)]
    [InlineData("deploy", "deployments", 5)]
    [InlineData("", "abc", 3)]
    [InlineData("ca", "abc", 3)]
    public void Distance_counts_edits_with_adjacent_swaps_as_one(string a, string b, int expected)
    {
        Assert.Equal(expected, NameSuggestions.Distance(a, b));
    }

    [Fact]
    public void Several_suggestions_read_as_a_list()
    {
        Assert.Equal("x; did you mean \"a\", \"b\" or \"c\"?", NameSuggestions.Append("x", new[] { "a", "b", "c" }));
        Assert.Equal("x", NameSuggestions.Append("x", new string[0]));
    }
}
