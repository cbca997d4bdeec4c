using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Kube.Generator.Spec;

namespace Kube.Generator.Naming;

/// <summary>
/// Where a definition's model goes: "io.k8s.api.core.v1.Pod" → namespace CoreV1, type Pod. The
/// namespace is the package segment before the API version, capitalized, plus the version
/// ("io.k8s.api.admissionregistration.v1beta1" → AdmissionregistrationV1beta1,
/// "io.k8s.apimachinery.pkg.apis.meta.v1" → MetaV1); a package without a version takes its last
/// segment ("io.k8s.apimachinery.pkg.version" → Version).
/// </summary>
public sealed record DefinitionName(string Namespace, string TypeName)
{
    private static readonly Regex VersionSegment = new(@"^v\d+((alpha|beta)\d+)?$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Definitions whose own type name would repeat a hand-written type's. metav1.WatchEvent is the
    /// wire form of a watch event, its object still raw JSON; every watch yields the decoded
    /// Kube.Client.Rest.WatchEvent&lt;T&gt; instead, so the wire form takes the longer name.
    /// </summary>
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent"] = "RawWatchEvent",
    };

    public static DefinitionName Parse(string definition)
    {
        string[] segments = definition.Split('.');
        if (segments.Length < 2) throw new SpecException($"definitions.{definition}: expected a dotted package and type name.");
        string typeName = Renamed.TryGetValue(definition, out var renamed) ? renamed : segments[^1];
        if (!IsIdentifier(typeName)) throw new SpecException($"definitions.{definition}: '{typeName}' is not usable as a C# type name.");

        int version = -1;
        for (int i = segments.Length - 2; i >= 0; i--)
        {
            if (VersionSegment.IsMatch(segments[i]))
            {
                version = i;
                break;
            }
        }

        string ns = version > 0
            ? Package(segments[version - 1]) + Identifiers.Capitalize(segments[version])
            : Package(segments[^2]);
        return new DefinitionName(ns, typeName);
    }

    private static string Package(string segment) => Identifiers.ToPascalCase(segment.ToLowerInvariant());

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && Regex.IsMatch(name, @"^[A-Za-z0-9_]+$") && !Identifiers.IsKeyword(name);
}
