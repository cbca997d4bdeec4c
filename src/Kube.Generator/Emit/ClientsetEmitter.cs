using System.Collections.Generic;
using Kube.Generator.Naming;
using Kube.Generator.Planning;

namespace Kube.Generator.Emit;

/// <summary>Writes Kube.Client.Clientset: one cached group client per group version, as client-go's clientset.</summary>
public static class ClientsetEmitter
{
    public const string Path = "Typed/Generated/Clientset.cs";

    public static string Emit(IReadOnlyList<ApiGroupVersion> groupVersions)
    {
        var w = new CodeWriter();
        w.Header("System", "Kube.Client.Rest");
        w.Line("namespace Kube.Client;");
        w.Line();
        w.Line("/// <summary>Typed clients of every built-in group version, all over one RestClient.</summary>");
        w.Open("public sealed partial class Clientset");
        foreach (var gv in groupVersions)
            w.Line($"private readonly Typed.{gv.ClientPrefix}.{gv.ClientName} {Field(gv)};");
        w.Line();
        w.Open("public Clientset(RestClient rest)");
        w.Line("RestClient = rest ?? throw new ArgumentNullException(nameof(rest));");
        foreach (var gv in groupVersions)
            w.Line($"{Field(gv)} = new Typed.{gv.ClientPrefix}.{gv.ClientName}(rest);");
        w.Close();
        w.Line();
        w.Line("public RestClient RestClient { get; }");
        foreach (var gv in groupVersions)
        {
            w.Line();
            w.Line($"public Typed.{gv.ClientPrefix}.{gv.ClientName} {gv.ClientPrefix}() => {Field(gv)};");
        }
        w.Close();
        return w.ToString();
    }

    private static string Field(ApiGroupVersion gv) => "_" + char.ToLowerInvariant(gv.ClientPrefix[0]) + gv.ClientPrefix.Substring(1);
}
