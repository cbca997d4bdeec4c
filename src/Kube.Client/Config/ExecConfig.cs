using System;
using System.Collections.Generic;

namespace Kube.Client.Config;

/// <summary>An exec credential plugin as a kubeconfig user's <c>exec</c> block describes it.</summary>
public sealed class ExecConfig
{
    public const string ApiVersionV1 = "client.authentication.k8s.io/v1";
    public const string ApiVersionV1Beta1 = "client.authentication.k8s.io/v1beta1";

    /// <summary>client.authentication.k8s.io/v1 or client.authentication.k8s.io/v1beta1.</summary>
    public string ApiVersion { get; set; } = "client.authentication.k8s.io/v1";
    public string Command { get; set; } = "";
    public IList<string> Args { get; set; } = new List<string>();
    public IList<KeyValuePair<string, string>> Env { get; set; } = new List<KeyValuePair<string, string>>();
    public string? InstallHint { get; set; }
    public bool ProvideClusterInfo { get; set; }
    /// <summary>Never, IfAvailable or Always.</summary>
    public string InteractiveMode { get; set; } = "IfAvailable";
    /// <summary>The kubeconfig folder, against which a relative command path resolves.</summary>
    public string? BaseDirectory { get; set; }

    /// <summary>
    /// JSON of the cluster's <c>client.authentication.k8s.io/exec</c> extension, passed to the plugin
    /// as <c>spec.cluster.config</c> when <see cref="ProvideClusterInfo"/> is set.
    /// </summary>
    public string? ClusterConfigJson { get; set; }

    /// <summary>How long one run of the plugin may take before it is stopped.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The command only: arguments and environment may carry secrets.</summary>
    public override string ToString() => Command;

    public ExecConfig Clone()
    {
        var copy = (ExecConfig)MemberwiseClone();
        copy.Args = new List<string>(Args);
        copy.Env = new List<KeyValuePair<string, string>>(Env);
        return copy;
    }
}
