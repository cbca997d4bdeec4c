using System.Collections.Generic;

namespace Kube.Client.Config;

/// <summary>An exec credential plugin as a kubeconfig user's <c>exec</c> block describes it.</summary>
public sealed class ExecConfig
{
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

    public ExecConfig Clone()
    {
        var copy = (ExecConfig)MemberwiseClone();
        copy.Args = new List<string>(Args);
        copy.Env = new List<KeyValuePair<string, string>>(Env);
        return copy;
    }
}
