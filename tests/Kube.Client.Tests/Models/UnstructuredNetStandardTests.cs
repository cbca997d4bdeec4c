using System;
using System.Reflection;
using System.Text.Json.Nodes;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Models;

/// <summary>
/// Unstructured on the netstandard2.0 build under the pinned System.Text.Json 8, which Windows
/// PowerShell and pwsh 7.4 run: the JSON node API differs between 8 and the test runtime's own.
/// </summary>
public sealed class UnstructuredNetStandardTests
{
    private static readonly Assembly Client = NetStandardBuild.Load().Client;
    private static readonly Type UnstructuredType = Client.GetType("Kube.Client.Models.Unstructured", throwOnError: true)!;
    private static readonly Type ConverterType = Client.GetType("Kube.Client.Models.UnstructuredConverter", throwOnError: true)!;

    private static object Parse(string json) => Call(UnstructuredType.GetMethod("Parse", new[] { typeof(string) })!, null, json);

    private static string ToJson(object obj) => (string)Call(UnstructuredType.GetMethod("ToJson")!, obj, false);

    private static object Call(MethodInfo method, object? target, params object?[] args)
    {
        try
        {
            return method.Invoke(target, args)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    [Fact]
    public void Exact_numbers_member_order_and_unknown_content_survive_on_the_netstandard_build()
    {
        string json = "{\"kind\":\"Widget\",\"apiVersion\":\"example.com/v1\",\"spec\":{\"max\":9223372036854775807,\"huge\":18446744073709551615,\"f\":1.0,\"e\":1e3,\"z\":[null,{}],\"t\":\"é <&>\"}}";

        Assert.Equal(json, ToJson(Parse(json)));
    }

    [Fact]
    public void Nested_readers_and_equality_work_on_the_netstandard_build()
    {
        var a = Parse("{\"kind\":\"W\",\"spec\":{\"n\":9223372036854775807,\"r\":2.50}}");
        var b = Parse("{\"spec\":{\"r\":2.5,\"n\":9223372036854775807},\"kind\":\"W\"}");

        var n = Call(UnstructuredType.GetMethod("NestedInt64")!, a, (object)new[] { "spec", "n" });

        Assert.Equal(long.MaxValue, (long)n);
        Assert.True(a.Equals(b));
    }

    [Fact]
    public void Typed_conversion_round_trips_on_the_netstandard_build()
    {
        var pod = JsonNode.Parse(TestFiles.ReadTestData("pod-1.20.json"))!;
        pod["futureTopLevel"] = new JsonObject { ["a"] = new JsonArray(1, null) };
        string input = pod.ToJsonString();

        object typed = Call(ConverterType.GetMethod("FromUnstructured", 0, new[] { UnstructuredType })!, null, Parse(input));
        object back = Call(ConverterType.GetMethod("ToUnstructured")!, null, typed);

        Assert.Equal("Kube.Client.Models.CoreV1.Pod", typed.GetType().FullName);
        JsonTree.AssertEquivalent(input, ToJson(back));
    }
}
