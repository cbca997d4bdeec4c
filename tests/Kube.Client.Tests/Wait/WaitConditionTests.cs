using System;
using System.Text.Json.Nodes;
using Kube.Client.JsonPath;
using Kube.Client.Wait;
using Xunit;

namespace Kube.Client.Tests.Wait;

public class WaitConditionTests
{
    private static JsonObject Deployment(string available, string? reason = null) => JsonNode.Parse($$"""
        { "metadata": { "name": "web" },
          "status": { "phase": "Pending", "conditions": [ { "type": "Progressing", "status": "True" },
                                       { "type": "Available", "status": "{{available}}"{{(reason is null ? "" : $", \"reason\": \"{reason}\"")}} } ] } }
        """)!.AsObject();

    [Theory]
    [InlineData("Available", "True", true)]
    [InlineData("Available", "False", false)]
    [InlineData("Available=True", "True", true)]
    [InlineData("available=true", "True", true)]
    [InlineData("Available=False", "False", true)]
    [InlineData("Available=False", "True", false)]
    [InlineData("Ready", "True", false)]
    public void A_status_condition_holds_when_the_condition_has_that_status(string condition, string status, bool met)
    {
        Assert.Equal(met, WaitCondition.Condition(condition).IsMet(Deployment(status)));
    }

    [Fact]
    public void A_condition_describes_what_it_saw_for_the_timeout_message()
    {
        Assert.Equal("Available=False (MinimumReplicasUnavailable)", WaitCondition.Condition("Available").Describe(Deployment("False", "MinimumReplicasUnavailable")));
        Assert.Equal("no Ready condition", WaitCondition.Condition("Ready").Describe(Deployment("True")));
        Assert.Equal("absent", WaitCondition.Condition("Ready").Describe(null));
    }

    [Theory]
    [InlineData("")]
    [InlineData("=True")]
    [InlineData("Available=")]
    public void A_malformed_condition_is_refused(string text)
    {
        Assert.Throws<ArgumentException>(() => WaitCondition.Condition(text));
    }

    [Fact]
    public void A_jsonpath_condition_compares_the_printed_value_or_checks_presence()
    {
        Assert.True(WaitCondition.JsonPathValue("{.status.phase}", "Pending").IsMet(Deployment("True")));
        Assert.False(WaitCondition.JsonPathValue("{.status.phase}", "Running").IsMet(Deployment("True")));
        Assert.True(WaitCondition.JsonPathValue("{.status.conditions[?(@.type==\"Available\")].status}", "True").IsMet(Deployment("True")));
        Assert.True(WaitCondition.JsonPathValue("{.status.phase}", null).IsMet(Deployment("True")));
        Assert.False(WaitCondition.JsonPathValue("{.status.podIP}", null).IsMet(Deployment("True")));
        Assert.False(WaitCondition.JsonPathValue("{.status.phase}", "Pending").IsMet(null));
        Assert.Equal("{.status.phase} is 'Pending'", WaitCondition.JsonPathValue("{.status.phase}", "Running").Describe(Deployment("True")));
        Assert.Throws<JsonPathException>(() => WaitCondition.JsonPathValue("{.status[", "x"));
    }

    [Fact]
    public void Deletion_holds_only_for_an_absent_object()
    {
        Assert.True(WaitCondition.Deleted.IsMet(null));
        Assert.False(WaitCondition.Deleted.IsMet(Deployment("True")));
    }

    [Fact]
    public void Deletion_of_one_object_holds_when_it_is_absent_or_another_object_took_its_name()
    {
        var condition = WaitCondition.DeletedObject("u-1");
        JsonObject Obj(string uid, bool terminating = false) => JsonNode.Parse(
            $"{{\"metadata\":{{\"name\":\"x\",\"uid\":\"{uid}\"{(terminating ? ",\"deletionTimestamp\":\"2024-01-01T00:00:00Z\",\"finalizers\":[\"example.com/hold\"]" : "")}}}}}")!.AsObject();

        Assert.True(condition.IsMet(null));
        Assert.True(condition.IsMet(Obj("u-2")));
        Assert.False(condition.IsMet(Obj("u-1")));
        Assert.Equal("still present (terminating, finalizers example.com/hold)", condition.Describe(Obj("u-1", terminating: true)));
        Assert.Equal("deleted (a new object of that name exists)", condition.Describe(Obj("u-2")));
        Assert.Same(WaitCondition.Deleted, WaitCondition.DeletedObject(null));
        Assert.Equal("to be deleted", condition.Goal);
        Assert.Equal("to meet condition Ready=True", WaitCondition.Condition("Ready").Goal);
    }
}
