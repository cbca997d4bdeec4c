using Kube.Generator.Planning;

namespace Kube.Generator.Emit;

/// <summary>Writes one group client (CoreV1Client): a factory of its resource clients.</summary>
public static class GroupClientEmitter
{
    public static string PathOf(ApiGroupVersion groupVersion) =>
        $"Typed/Generated/{groupVersion.ClientPrefix}/{groupVersion.ClientName}.cs";

    public static string Emit(ApiGroupVersion groupVersion)
    {
        var w = new CodeWriter();
        w.Header("System", "Kube.Client.Rest");
        w.Line($"namespace Kube.Client.Typed.{groupVersion.ClientPrefix};");
        w.Line();
        string apiVersion = groupVersion.Group.Length == 0 ? groupVersion.Version : groupVersion.Group + "/" + groupVersion.Version;
        w.Line($"/// <summary>The resources of {apiVersion}.</summary>");
        w.Open($"public sealed partial class {groupVersion.ClientName}");
        w.Open($"public {groupVersion.ClientName}(RestClient rest)");
        w.Line("RestClient = rest ?? throw new ArgumentNullException(nameof(rest));");
        w.Close();
        w.Line();
        w.Line("public RestClient RestClient { get; }");
        foreach (var resource in groupVersion.Resources.Values)
        {
            w.Line();
            if (resource.Namespaced)
            {
                w.Line("/// <param name=\"namespace\">The namespace; empty for list and watch across all namespaces.</param>");
                w.Line($"public {resource.ClientName} {resource.PascalPlural}(string @namespace) => new(RestClient, @namespace);");
            }
            else
            {
                w.Line($"public {resource.ClientName} {resource.PascalPlural}() => new(RestClient);");
            }
        }
        w.Close();
        return w.ToString();
    }
}
