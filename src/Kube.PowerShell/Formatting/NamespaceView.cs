using System.Management.Automation;
using Kube.Client.Models.CoreV1;

namespace Kube.PowerShell.Formatting;

public static class NamespaceView
{
    public static string Status(PSObject instance) => instance?.BaseObject is Namespace ns ? ns.Status?.Phase ?? "" : "";
}
