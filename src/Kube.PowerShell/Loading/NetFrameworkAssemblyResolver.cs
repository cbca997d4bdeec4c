#if !NET
using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Kube.PowerShell.Loading;

/// <summary>
/// On Windows PowerShell 5.1 (.NET Framework) there are no binding redirects for a module, so a
/// dependency asking for System.Runtime.CompilerServices.Unsafe 4.0.4.1 would not bind to the
/// 6.0.0.0 we ship. Resolve such requests to the copy beside this assembly, whatever its version.
/// .NET Framework has one load context per AppDomain: an assembly another module loaded first
/// (another YamlDotNet, say) is the one everybody gets. README.md says so.
/// </summary>
internal static class NetFrameworkAssemblyResolver
{
    private static readonly string Folder = Path.GetDirectoryName(typeof(NetFrameworkAssemblyResolver).Assembly.Location) ?? ".";

    public static void Install()
    {
        if (IsNetFramework) AppDomain.CurrentDomain.AssemblyResolve += Resolve;
    }

    public static void Uninstall()
    {
        if (IsNetFramework) AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
    }

    private static bool IsNetFramework =>
        RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

    private static Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        string name = new AssemblyName(args.Name).Name ?? "";
        string candidate = Path.Combine(Folder, name + ".dll");
        return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
    }
}
#endif
