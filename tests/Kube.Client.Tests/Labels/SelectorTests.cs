using System;
using System.Collections.Generic;
using Kube.Client.Labels;
using Kube.Client.Models.MetaV1;
using Xunit;

namespace Kube.Client.Tests.Labels;

public class SelectorTests
{
    [Theory]
    [InlineData("a=b", "a=b")]
    [InlineData("a==b", "a==b")]
    [InlineData("a!=b", "a!=b")]
    [InlineData("a in (c,b)", "a in (b,c)")]
    [InlineData("a notin (c, b, c)", "a notin (b,c)")]
    [InlineData("a", "a")]
    [InlineData("!a", "!a")]
    [InlineData("x>1", "x>1")]
    [InlineData("x<-1", null)]
    [InlineData("b=1,a=2", "a=2,b=1")]
    [InlineData("  a = b ,  c  ", "a=b,c")]
    [InlineData("a=", "a=")]
    [InlineData("a=,b", "a=,b")]
    [InlineData("a in ()", "a in ()")]
    [InlineData("a in (,b)", "a in (,b)")]
    [InlineData("a in (b,)", "a in (,b)")]
    [InlineData("in=notin", "in=notin")]
    [InlineData("a in (in,notin)", "a in (in,notin)")]
    [InlineData("example.com/app=web", "example.com/app=web")]
    [InlineData("app.kubernetes.io/name in (my_app, My.App-2)", "app.kubernetes.io/name in (My.App-2,my_app)")]
    [InlineData("!a,b!=c,d in (e)", "!a,b!=c,d in (e)")]
    public void Valid_selectors_parse_to_their_canonical_form(string text, string? canonical)
    {
        if (canonical is null)
        {
            // "-1" is an integer but not a valid label value: the server refuses it.
            Assert.Throws<FormatException>(() => Selector.Parse(text));
            return;
        }
        Assert.Equal(canonical, Selector.Parse(text).ToString());
    }

    [Theory]
    [InlineData("a=b=c", "found '='")]
    [InlineData("a in b", "expected '('")]
    [InlineData("a in (b", "expected ',' or ')'")]
    [InlineData("a in (b c)", "expected ',' or ')'")]
    [InlineData("!a=b", "found '='")]
    [InlineData("a,,b", "after ','")]
    [InlineData(",a", "found ','")]
    [InlineData("a=b,", "after ','")]
    [InlineData("a b", "expected an operator")]
    [InlineData("a>b", "compares integers")]
    [InlineData("a>1.5", "compares integers")]
    [InlineData("a<", "compares integers")]
    [InlineData("-a=b", "invalid label key \"-a\"")]
    [InlineData("a/b/c=d", "at most one '/'")]
    [InlineData("Example.com/a=b", "DNS subdomain")]
    [InlineData("/a=b", "prefix before '/' is empty")]
    [InlineData("a=-b", "invalid label value \"-b\"")]
    [InlineData("a=b c", "found 'c'")]
    [InlineData("(a)", "found '('")]
    [InlineData("!", "expected a key")]
    [InlineData("a!", "found '!'")]
    public void Malformed_selectors_are_refused_with_the_reason(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => Selector.Parse(text));
        Assert.Contains(reason, e.Message);
        Assert.Contains($"\"{text}\"", e.Message);
    }

    [Fact]
    public void Keys_and_values_longer_than_63_characters_are_refused()
    {
        string long64 = new('a', 64);
        Assert.Throws<FormatException>(() => Selector.Parse(long64 + "=b"));
        Assert.Throws<FormatException>(() => Selector.Parse("a=" + long64));
        Assert.Equal("a=" + new string('a', 63), Selector.Parse("a=" + new string('a', 63)).ToString());
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("a", true)]
    [InlineData("!a", false)]
    [InlineData("c", false)]
    [InlineData("!c", true)]
    [InlineData("a=1", true)]
    [InlineData("a==2", false)]
    [InlineData("a!=1", false)]
    [InlineData("c!=1", true)]
    [InlineData("a in (1,2)", true)]
    [InlineData("a in (2,3)", false)]
    [InlineData("c in (1)", false)]
    [InlineData("c notin (1)", true)]
    [InlineData("b notin (x)", false)]
    [InlineData("b notin (y)", true)]
    [InlineData("a>0", true)]
    [InlineData("a>1", false)]
    [InlineData("a<2", true)]
    [InlineData("a<1", false)]
    [InlineData("b>0", false)]
    [InlineData("c>0", false)]
    [InlineData("c<0", false)]
    [InlineData("a=1,b=x", true)]
    [InlineData("a=1,b=y", false)]
    [InlineData("e=", true)]
    [InlineData("e in ()", true)]
    [InlineData("a in ()", false)]
    [InlineData("a notin ()", true)]
    public void Matching_follows_the_servers_semantics(string selector, bool matches)
    {
        var labels = new Dictionary<string, string> { ["a"] = "1", ["b"] = "x", ["e"] = "" };
        Assert.Equal(matches, Selector.Parse(selector).Matches(labels));
    }

    [Fact]
    public void No_labels_match_only_selectors_of_absence()
    {
        Assert.True(Selector.Parse("!a,b!=c,d notin (e)").Matches((IReadOnlyDictionary<string, string>?)null));
        Assert.False(Selector.Parse("a").Matches((IReadOnlyDictionary<string, string>?)null));
        Assert.True(Selector.Everything.Matches((IReadOnlyDictionary<string, string>?)null));
    }

    [Fact]
    public void A_label_selector_model_converts_with_its_own_meaning()
    {
        Assert.False(Selector.FromLabelSelector(null).Matches(new Dictionary<string, string>()));
        Assert.True(Selector.FromLabelSelector(new LabelSelector()).IsEmpty);

        var selector = Selector.FromLabelSelector(new LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["app"] = "web" },
            MatchExpressions = new List<LabelSelectorRequirement>
            {
                new() { Key = "tier", Operator = "In", Values = new List<string> { "front", "back" } },
                new() { Key = "canary", Operator = "DoesNotExist" },
            },
        });
        Assert.Equal("app=web,!canary,tier in (back,front)", selector.ToString());
        Assert.True(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front", ["canary"] = "1" }));

        var bad = Assert.Throws<ArgumentException>(() => Selector.FromLabelSelector(new LabelSelector
        {
            MatchExpressions = new List<LabelSelectorRequirement> { new() { Key = "a", Operator = "Equals", Values = new List<string> { "b" } } },
        }));
        Assert.Contains("\"Equals\" is not a label selector operator", bad.Message);
    }

    [Theory]
    [InlineData(SelectorOperator.In, new string[0], "at least one value")]
    [InlineData(SelectorOperator.Equals, new[] { "a", "b" }, "exactly one value")]
    [InlineData(SelectorOperator.Exists, new[] { "a" }, "takes no values")]
    [InlineData(SelectorOperator.GreaterThan, new[] { "x" }, "compares integers")]
    public void Requirements_check_their_values_against_the_operator(SelectorOperator op, string[] values, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => new Requirement("key", op, values));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Equal_selectors_compare_equal_whatever_the_order_written()
    {
        Assert.Equal(Selector.Parse("b in (2,1),a=1"), Selector.Parse("a=1, b in (1,2)"));
        Assert.NotEqual(Selector.Parse("a=1"), Selector.Parse("a==1"));
        Assert.NotEqual(Selector.Everything, Selector.Nothing);
    }

    [Fact]
    public void FromSet_requires_each_label()
    {
        var selector = Selector.FromSet(new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });
        Assert.Equal("a=1,b=2", selector.ToString());
        Assert.True(selector.Matches(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["a"] = "1" }));
    }
}
