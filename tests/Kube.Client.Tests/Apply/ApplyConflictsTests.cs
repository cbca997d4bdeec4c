using System.Collections.Generic;
using System.Linq;
using Kube.Client.Apply;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.Tests.Apply;

public sealed class ApplyConflictsTests
{
    private static KubeApiException Conflict(params StatusCause[] causes) => new(new Status
    {
        Code = 409,
        Reason = "Conflict",
        Message = "Apply failed with conflicts",
        Details = new StatusDetails { Causes = causes.ToList() },
    });

    private static StatusCause Cause(string message, string field) => new() { Reason = "FieldManagerConflict", Message = message, Field = field };

    [Fact]
    public void Reads_manager_and_field_of_each_cause_in_order()
    {
        var conflicts = ApplyConflicts.From(Conflict(
            Cause("conflict with \"m1\"", ".data.a"),
            Cause("conflict with \"hpa-controller\" using apps/v1", ".spec.replicas")));

        Assert.Equal(new[] { "m1", "hpa-controller" }, conflicts.Select(c => c.Manager));
        Assert.Equal(new[] { ".data.a", ".spec.replicas" }, conflicts.Select(c => c.Field));
    }

    [Fact]
    public void Describes_the_fields_and_lists_each_manager_once()
    {
        var conflicts = ApplyConflicts.From(Conflict(Cause("conflict with \"m1\"", ".data.a"), Cause("conflict with \"m1\"", ".data.b")));

        Assert.Equal("2 fields owned by other managers: .data.a (owned by \"m1\"), .data.b (owned by \"m1\")", ApplyConflicts.Describe(conflicts));
        Assert.Equal(new[] { "m1" }, ApplyConflicts.Managers(conflicts));
    }

    [Fact]
    public void A_resource_version_conflict_is_not_an_apply_conflict()
    {
        var plain = new KubeApiException(new Status { Code = 409, Reason = "Conflict", Message = "the object has been modified" });

        Assert.False(ApplyConflicts.IsApplyConflict(plain));
        Assert.Empty(ApplyConflicts.From(plain));
        Assert.True(ApplyConflicts.IsApplyConflict(Conflict(Cause("conflict with \"m1\"", ".data.a"))));
    }

    [Fact]
    public void Other_causes_are_left_out_and_an_unreadable_message_keeps_the_field()
    {
        var conflicts = ApplyConflicts.From(Conflict(
            new StatusCause { Reason = "FieldValueInvalid", Message = "bad", Field = "spec.x" },
            Cause("something else entirely", ".data.z")));

        var only = Assert.Single(conflicts);
        Assert.Equal(".data.z", only.Field);
        Assert.Equal("(unknown manager)", only.Manager);
    }
}
