#if NET
using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Kube.PowerShell.Loading;

/// <summary>
/// The module's private AssemblyLoadContext on PowerShell 7, after PowerShell's guide "Resolving
/// PowerShell module assembly dependency conflicts". Only this cmdlet assembly lives in the default
/// context; everything else the module ships sits in <c>bin/net8.0/dependencies/</c>, out of sight
/// of PowerShell's own probing, and loads here. So another module's YamlDotNet, loaded before or
/// after this one, never meets ours.
/// </summary>
/// <remarks>
/// <para>How a load gets here: the cmdlet assembly references Kube.Client; the default context
/// cannot find it and raises Resolving, which <see cref="ResolveEntry"/> answers for the
/// <see cref="EntryAssemblies"/> only (never for a name another module fails to find). Whatever
/// Kube.Client references then binds through <see cref="Load"/>: a file in the dependencies
/// folder loads here, anything else (the .NET runtime's own assemblies, System.Management.Automation)
/// falls back to the default context, so there is one copy of each and the types match.</para>
/// <para>System.Text.Json is the runtime's own copy on purpose: it is part of Microsoft.NETCore.App
/// on every runtime PowerShell 7.4+ runs on (8.0 or later, what we compile against), the default
/// context always binds it from there, so no module can bring another copy into the process's
/// default context for ours to clash with; and the runtime's copy is precompiled (ReadyToRun) and
/// often already loaded, which a second copy would not be. The build copies no System.Text.Json
/// into the dependencies folder for net8.0.</para>
/// <para>The cmdlet assembly must reference nothing from the dependencies folder but the entry
/// assemblies (a test checks the built module), or that reference would bind in the default
/// context, to whatever copy is there.</para>
/// </remarks>
public sealed class DependencyLoadContext : AssemblyLoadContext
{
    /// <summary>The folder under the cmdlet assembly's own that holds the dependencies.</summary>
    public const string FolderName = "dependencies";

    /// <summary>The assemblies the cmdlet assembly references directly from the dependencies folder.</summary>
    public static readonly string[] EntryAssemblies = { "Kube.Client" };

    /// <summary>The assembly of type forwarders to Kube.Client that sits beside the cmdlet assembly.</summary>
    public const string TypeForwardsAssembly = "Kube.PowerShell.TypeForwards";

    private static readonly object Gate = new();
    private static DependencyLoadContext? s_instance;

    private readonly string _folder;

    private DependencyLoadContext(string folder)
        : base("Kube.PowerShell", isCollectible: false)
    {
        _folder = folder;
    }

    /// <summary>The context, once <see cref="Install"/> ran.</summary>
    public static DependencyLoadContext? Instance => s_instance;

    /// <summary>Creates the context and hooks the default context's Resolving event; later calls do nothing.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (s_instance is not null) return;
            string own = Path.GetDirectoryName(typeof(DependencyLoadContext).Assembly.Location)
                ?? throw new InvalidOperationException("Kube.PowerShell.dll has no location on disk; import the module from its folder.");
            string folder = Path.Combine(own, FolderName);
            if (!Directory.Exists(folder))
                throw new DirectoryNotFoundException($"Kube.PowerShell: {folder} is missing; the module is incomplete (build it with ./build.ps1 Build).");
            var context = new DependencyLoadContext(folder);
            Default.Resolving += context.ResolveEntry;
            s_instance = context;
            // Type names for PowerShell's resolver (see Kube.PowerShell.TypeForwards.csproj); loading it binds nothing yet.
            string forwards = Path.Combine(own, TypeForwardsAssembly + ".dll");
            if (File.Exists(forwards)) Default.LoadFromAssemblyPath(forwards);
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        string? path = PathOf(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    private Assembly? ResolveEntry(AssemblyLoadContext context, AssemblyName assemblyName)
    {
        if (Array.IndexOf(EntryAssemblies, assemblyName.Name) < 0) return null;
        return PathOf(assemblyName) is null ? null : LoadFromAssemblyName(assemblyName);
    }

    private string? PathOf(AssemblyName assemblyName)
    {
        if (string.IsNullOrEmpty(assemblyName.Name)) return null;
        string path = Path.Combine(_folder, assemblyName.Name + ".dll");
        return File.Exists(path) ? path : null;
    }
}
#endif
