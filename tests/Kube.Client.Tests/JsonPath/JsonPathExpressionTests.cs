using System.Linq;
using System.Text.Json.Nodes;
using Kube.Client.JsonPath;
using Xunit;

namespace Kube.Client.Tests.JsonPath;

public class JsonPathExpressionTests
{
    private static readonly JsonNode Pod = JsonNode.Parse("""
        {
          "metadata": { "name": "web", "annotations": { "example.com/owner": "team-a" } },
          "spec": { "containers": [ { "name": "main", "image": "busybox" }, { "name": "side", "image": "envoy" } ], "replicas": 3, "paused": false },
          "status": {
            "phase": "Running",
            "conditions": [
              { "type": "Ready", "status": "True" },
              { "type": "Initialized", "status": "False", "reason": "Waiting" }
            ]
          }
        }
        """)!;

    [Theory]
    [InlineData("{.status.phase}", "Running")]
    [InlineData(".status.phase", "Running")]
    [InlineData("$.status.phase", "Running")]
    [InlineData("{status.phase}", "Running")]
    [InlineData("{.spec.containers[0].image}", "busybox")]
    [InlineData("{.spec.containers[-1].name}", "side")]
    [InlineData("{.spec.containers[*].name}", "main,side")]
    [InlineData("{.spec.containers.*.name}", "main,side")]
    [InlineData("{.status.conditions[?(@.type==\"Ready\")].status}", "True")]
    [InlineData("{.status.conditions[?(@.type=='Initialized')].reason}", "Waiting")]
    [InlineData("{.status.conditions[?(@.status!=\"True\")].type}", "Initialized")]
    [InlineData("{.status.conditions[?(@.reason)].type}", "Initialized")]
    [InlineData("{.metadata.annotations['example.com/owner']}", "team-a")]
    [InlineData("{.metadata.annotations.example\\.com/owner}", "team-a")]
    [InlineData("{.spec.replicas}", "3")]
    [InlineData("{.spec.paused}", "false")]
    [InlineData("{.spec.containers[?(@.name==\"main\")]}", "{\"name\":\"main\",\"image\":\"busybox\"}")]
    [InlineData("{ .status.phase }", "Running")]
    public void Selects_what_kubectl_jsonpath_selects(string expression, string expected)
    {
        var values = JsonPathExpression.Parse(expression).EvaluateStrings(Pod);
        Assert.Equal(expected, string.Join(",", values));
    }

    [Theory]
    [InlineData("{.status.missing}")]
    [InlineData("{.spec.containers[5].name}")]
    [InlineData("{.status.conditions[?(@.type==\"Nope\")].status}")]
    [InlineData("{.status.phase.deeper}")]
    public void A_missing_field_selects_nothing(string expression)
    {
        Assert.Empty(JsonPathExpression.Parse(expression).Evaluate(Pod));
    }

    [Fact]
    public void A_number_filter_compares_numbers()
    {
        var doc = JsonNode.Parse("""{"items":[{"n":1,"v":"a"},{"n":2.0,"v":"b"}]}""");
        Assert.Equal(new[] { "b" }, JsonPathExpression.Parse("{.items[?(@.n==2)].v}").EvaluateStrings(doc));
    }

    [Theory]
    [InlineData("{.status.phase", "'}'")]
    [InlineData("{..phase}", "recursive descent")]
    [InlineData("{.items[1:3]}", "slices")]
    [InlineData("{.items[0,1]}", "unions")]
    [InlineData("{.items[?(@.n>1)]}", "operator '>'")]
    [InlineData("{.items[abc]}", "expected an index")]
    [InlineData("{.items[?(@.n==\"x)]}", "never closed")]
    [InlineData("{}", "selects nothing")]
    [InlineData("{.a[0}", "expected ']'")]
    public void A_bad_expression_names_the_problem_and_where(string expression, string expected)
    {
        var error = Assert.Throws<JsonPathException>(() => JsonPathExpression.Parse(expression));
        Assert.Contains(expected, error.Message);
        Assert.Contains(expression, error.Message);
        Assert.InRange(error.Position, 0, expression.Length);
    }

    [Fact]
    public void Null_values_print_as_null()
    {
        var doc = JsonNode.Parse("""{"a":null}""");
        Assert.Equal("null", JsonPathExpression.Parse("{.a}").EvaluateStrings(doc).Single());
    }
}
