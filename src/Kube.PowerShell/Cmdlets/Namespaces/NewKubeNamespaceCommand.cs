using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.PowerShell.Connection;

namespace Kube.PowerShell.Cmdlets.Namespaces;

/// <summary>
/// <para type="synopsis">Creates namespaces.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "KubeNamespace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(Namespace))]
public sealed class NewKubeNamespaceCommand : KubeClusterCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Names of the namespaces to create (lowercase RFC 1123 labels such as 'team-a').")]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = System.Array.Empty<string>();

    [Parameter]
    public Hashtable? Label { get; set; }

    [Parameter]
    public Hashtable? Annotation { get; set; }

    /// <summary>Ask the server to validate and admit the namespace without storing it.</summary>
    [Parameter]
    public SwitchParameter DryRun { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        var client = connection.Clientset.CoreV1().Namespaces();
        foreach (var name in Name)
        {
            if (!ShouldProcess($"namespace/{name}", DryRun ? "Create (server dry run)" : "Create")) continue;
            var ns = new Namespace
            {
                Metadata = new ObjectMeta { Name = name, Labels = ToMap(Label), Annotations = ToMap(Annotation) },
            };
            try
            {
                WriteObject(await client.CreateAsync(ns, new CreateOptions { DryRun = DryRun.IsPresent }, cancellationToken));
            }
            catch (KubeApiException e)
            {
                WriteKubeError(e, name);
            }
        }
    }

    internal static Dictionary<string, string>? ToMap(Hashtable? table)
    {
        if (table is null || table.Count == 0) return null;
        var map = new Dictionary<string, string>();
        foreach (DictionaryEntry entry in table)
            map[entry.Key?.ToString() ?? ""] = entry.Value?.ToString() ?? "";
        return map;
    }
}
