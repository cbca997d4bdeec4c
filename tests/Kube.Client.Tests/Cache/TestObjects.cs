using System.Collections.Generic;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Tests.Cache;

internal static class TestObjects
{
    public static ConfigMap ConfigMap(string name, string ns = "default", string rv = "1", string value = "0", IDictionary<string, string>? labels = null) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = ns.Length == 0 ? null : ns,
            ResourceVersion = rv,
            Labels = labels is null ? null : new Dictionary<string, string>(labels),
        },
        Data = new Dictionary<string, string> { ["v"] = value },
    };
}
