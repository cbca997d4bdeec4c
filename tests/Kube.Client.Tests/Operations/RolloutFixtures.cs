using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Kube.Client.Tests.Operations;

/// <summary>JSON of Deployments, ReplicaSets and ControllerRevisions as the server returns them, for the rollout verbs' tests.</summary>
internal static class RolloutFixtures
{
    public const string DeploymentUid = "d-uid-1";

    public static string Template(string image, string? hash = null, string? restartedAt = null)
    {
        var labels = new JsonObject { ["app"] = "web" };
        if (hash is not null) labels["pod-template-hash"] = hash;
        var metadata = new JsonObject { ["labels"] = labels };
        if (restartedAt is not null) metadata["annotations"] = new JsonObject { ["kubectl.kubernetes.io/restartedAt"] = restartedAt };
        return new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = image, ["resources"] = new JsonObject() }),
                ["restartPolicy"] = "Always",
            },
        }.ToJsonString();
    }

    public static string Deployment(string image, bool paused = false, int revision = 3, Dictionary<string, string>? annotations = null)
    {
        var all = new Dictionary<string, string>
        {
            ["deployment.kubernetes.io/revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["kubectl.kubernetes.io/last-applied-configuration"] = "{}",
            ["team"] = "shop",
        };
        foreach (var pair in annotations ?? new Dictionary<string, string>()) all[pair.Key] = pair.Value;
        var annotationJson = new JsonObject(all.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value)));
        return """
            {"kind":"Deployment","apiVersion":"apps/v1",
             "metadata":{"name":"web","namespace":"shop","uid":"{uid}","generation":5,"resourceVersion":"100","annotations":{annotations}},
             "spec":{"replicas":2,"paused":{paused},"selector":{"matchLabels":{"app":"web"}},"template":{template}},
             "status":{"observedGeneration":5}}
            """.Fill(("uid", DeploymentUid), ("annotations", annotationJson.ToJsonString()), ("paused", (paused ? "true" : "false")), ("template", Template(image)));
    }

    public static string ReplicaSet(string name, int revision, string image, string? changeCause = null, string ownerUid = DeploymentUid)
    {
        string cause = changeCause is null ? "" : $",\"kubernetes.io/change-cause\":\"{changeCause}\"";
        return """
            {"metadata":{"name":"{name}","namespace":"shop","uid":"rs-{name}","creationTimestamp":"2024-01-0{revision}T00:00:00Z",
              "annotations":{"deployment.kubernetes.io/revision":"{revision}","deployment.kubernetes.io/desired-replicas":"2"{cause}},
              "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"{owner}","controller":true}]},
             "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web","pod-template-hash":"h{revision}"}},"template":{template}}}
            """.Fill(("name", name), ("revision", revision), ("cause", cause), ("owner", ownerUid), ("template", Template(image, "h" + revision)));
    }

    public static string ReplicaSetList(params string[] items) =>
        """{"kind":"ReplicaSetList","apiVersion":"apps/v1","metadata":{"resourceVersion":"200"},"items":[{items}]}""".Fill(("items", string.Join(",", items)));

    public const string StatefulSetUid = "s-uid-1";

    public static string StatefulSet(string image) => """
        {"kind":"StatefulSet","apiVersion":"apps/v1",
         "metadata":{"name":"db","namespace":"shop","uid":"{uid}","generation":2},
         "spec":{"replicas":1,"serviceName":"db","selector":{"matchLabels":{"app":"web"}},"template":{template},"updateStrategy":{"type":"RollingUpdate"}}}
        """.Fill(("uid", StatefulSetUid), ("template", Template(image)));

    public static string ControllerRevision(string name, int revision, string image, string? changeCause = null, string ownerUid = StatefulSetUid)
    {
        var template = JsonNode.Parse(Template(image))!.AsObject();
        template["$patch"] = "replace";
        string annotations = changeCause is null ? "" : $",\"annotations\":{{\"kubernetes.io/change-cause\":\"{changeCause}\"}}";
        return """
            {"metadata":{"name":"{name}","namespace":"shop","creationTimestamp":"2024-01-0{revision}T00:00:00Z"{annotations},
              "ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"db","uid":"{owner}","controller":true}]},
             "data":{"spec":{"template":{template}}},"revision":{revision}}
            """.Fill(("name", name), ("revision", revision), ("annotations", annotations), ("owner", ownerUid), ("template", template.ToJsonString()));
    }

    public static string ControllerRevisionList(params string[] items) =>
        """{"kind":"ControllerRevisionList","apiVersion":"apps/v1","metadata":{"resourceVersion":"200"},"items":[{items}]}""".Fill(("items", string.Join(",", items)));

    /// <summary>The template with each {name} replaced by its value.</summary>
    private static string Fill(this string template, params (string Name, object Value)[] values)
    {
        foreach (var (name, value) in values)
            template = template.Replace("{" + name + "}", System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        return template;
    }
}
