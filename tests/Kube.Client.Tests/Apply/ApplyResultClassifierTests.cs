using Kube.Client.Apply;
using Kube.Client.Models;
using Xunit;

namespace Kube.Client.Tests.Apply;

public sealed class ApplyResultClassifierTests
{
    private static Unstructured Object(string resourceVersion, string value, string time = "2024-01-01T00:00:00Z") => Unstructured.Parse(
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"resourceVersion\":\"" + resourceVersion + "\"," +
        "\"managedFields\":[{\"manager\":\"m\",\"operation\":\"Apply\",\"time\":\"" + time + "\"}]},\"data\":{\"k\":\"" + value + "\"}}");

    [Fact]
    public void No_object_before_is_created() =>
        Assert.Equal(ApplyAction.Created, ApplyResultClassifier.Classify(null, Object("1", "a"), dryRun: false));

    [Fact]
    public void No_object_before_is_created_in_a_dry_run_too() =>
        Assert.Equal(ApplyAction.Created, ApplyResultClassifier.Classify(null, Object("0", "a"), dryRun: true));

    [Fact]
    public void The_same_resource_version_is_unchanged() =>
        Assert.Equal(ApplyAction.Unchanged, ApplyResultClassifier.Classify(Object("7", "a"), Object("7", "a"), dryRun: false));

    [Fact]
    public void A_new_resource_version_is_configured_even_when_the_values_are_the_same() =>
        Assert.Equal(ApplyAction.Configured, ApplyResultClassifier.Classify(Object("7", "a"), Object("8", "a"), dryRun: false));

    [Fact]
    public void A_dry_run_with_other_values_is_configured_although_the_resource_version_stays() =>
        Assert.Equal(ApplyAction.Configured, ApplyResultClassifier.Classify(Object("7", "a"), Object("7", "b"), dryRun: true));

    [Fact]
    public void A_dry_run_that_only_refreshes_managed_field_times_is_unchanged() =>
        Assert.Equal(ApplyAction.Unchanged, ApplyResultClassifier.Classify(Object("7", "a"), Object("7", "a", "2025-01-01T00:00:00Z"), dryRun: true));

    [Fact]
    public void Classifying_a_dry_run_leaves_both_objects_as_they_were()
    {
        var before = Object("7", "a");
        var after = Object("7", "a", "2025-01-01T00:00:00Z");

        ApplyResultClassifier.Classify(before, after, dryRun: true);

        Assert.Equal("7", after.ResourceVersion);
        Assert.Equal("2025-01-01T00:00:00Z", after.NestedSlice("metadata", "managedFields")![0]!["time"]!.GetValue<string>());
    }
}
