using System.Management.Automation;

namespace Kube.PowerShell.Loading;

/// <summary>
/// Runs when PowerShell imports the cmdlet assembly, before any cmdlet: it makes the module's
/// dependencies (Kube.Client, YamlDotNet and the rest) resolvable without letting them meet the
/// host's or another module's copies.
/// <list type="bullet">
/// <item>PowerShell 7 (net8.0): <see cref="DependencyLoadContext"/>, a private AssemblyLoadContext.</item>
/// <item>Windows PowerShell 5.1 (netstandard2.0): <see cref="NetFrameworkAssemblyResolver"/>, an
/// AppDomain.AssemblyResolve handler; there are no load contexts there, so no isolation either.</item>
/// </list>
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport()
    {
#if NET
        DependencyLoadContext.Install();
#else
        NetFrameworkAssemblyResolver.Install();
#endif
    }

    public void OnRemove(PSModuleInfo module)
    {
        // The shared informers of every context stop with the module.
        Connection.KubeConnectionCache.Clear();
        // The private context stays: the assemblies in it cannot be unloaded, and a later
        // Import-Module in this process binds to the same ones again.
#if !NET
        NetFrameworkAssemblyResolver.Uninstall();
#endif
    }
}
