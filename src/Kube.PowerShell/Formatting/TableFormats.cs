using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using Kube.Client.Models;
using Kube.Client.Printing;
using Kube.Client.Schema;

namespace Kube.PowerShell.Formatting;

/// <summary>
/// Table views made at run time from the columns the server renders for a kind (kubectl's columns:
/// built-in kinds, a CRD's additionalPrinterColumns, kinds newer than the models). PowerShell picks
/// a view by type name and its headers are fixed, while columns are known only once the server
/// answers: so each kind and column set gets a type name of its own (see <see cref="Name"/>), which
/// objects carry first, before their .NET type name, as Get-Process -IncludeUserName does; and a
/// default view (priority 0 columns) and a Wide view (all of them, as kubectl get -o wide) are
/// registered for it in the session the first time it is seen. The views of the .NET type names
/// still serve Format-List and objects without a row. Watch events get the same columns after TIME
/// and TYPE.
/// </summary>
/// <remarks>
/// Registration adds the views to the runspace's InitialSessionState and runs Update-FormatData
/// (about 10-20 ms, once per kind and session). Where that is impossible (a host sharing one
/// format table between runspaces, a thread with no runspace), objects keep the generic view.
/// </remarks>
internal static class TableFormats
{
    private const string EventType = "Kube.PowerShell.Cmdlets.Watch.KubeResourceEvent";
    public const string WideView = "Wide";

    private static readonly ConditionalWeakTable<InitialSessionState, Registry> s_registries = new();

    /// <summary>The type name whose views show <paramref name="obj"/>'s row; null when there is none.</summary>
    public static string? ObjectTypeName(object obj, TableRow row) => TypeName(obj, row, forEvents: false);

    /// <summary>The type name whose views show a watch event of <paramref name="obj"/> with its row.</summary>
    public static string? EventTypeName(object obj, TableRow row) => TypeName(obj, row, forEvents: true);

    // The rows of one list share their layout: the last answer serves the next object of the same type.
    [ThreadStatic]
    private static Memo? s_last;

    private static string? TypeName(object obj, TableRow row, bool forEvents)
    {
        var iss = Runspace.DefaultRunspace?.InitialSessionState;
        if (iss is null) return null;
        bool namespaced = HasNamespace(obj);
        string? unstructuredKind = obj is Unstructured u ? Safe(() => u.ApiVersion + "/" + u.Kind) : null;
        var last = s_last;
        if (last is not null && ReferenceEquals(last.Iss, iss) && ReferenceEquals(last.Layout, row.Layout) && last.Type == obj.GetType() &&
            last.Namespaced == namespaced && last.ForEvents == forEvents && last.UnstructuredKind == unstructuredKind)
            return last.Name;
        string? name = Lookup(iss, obj, row, forEvents, namespaced);
        s_last = new Memo(iss, row.Layout, obj.GetType(), unstructuredKind, namespaced, forEvents, name);
        return name;
    }

    private sealed record Memo(InitialSessionState Iss, TableLayout Layout, Type Type, string? UnstructuredKind, bool Namespaced, bool ForEvents, string? Name);

    private static string? Lookup(InitialSessionState iss, object obj, TableRow row, bool forEvents, bool namespaced)
    {
        if (KindOf(obj) is not { } kind) return null;
        var registry = s_registries.GetValue(iss, _ => new Registry());
        var key = new ViewKey(kind, obj is not Unstructured, namespaced, forEvents, row.Layout);
        lock (registry)
        {
            if (registry.Disabled) return null;
            if (registry.Names.TryGetValue(key, out var known)) return known;
            string name = Name(registry, key, obj);
            if (!Register(iss, name, key))
            {
                registry.Disabled = true;
                return null;
            }
            registry.Names[key] = name;
            return name;
        }
    }

    /// <summary>
    /// As PowerShell names a variant view of a type (System.Diagnostics.Process#IncludeUserName):
    /// "Kube.Client.Models.AppsV1.Deployment#Table", "Kube.Client.Models.Unstructured#Widget.example.com#Table",
    /// "Kube.PowerShell.Cmdlets.Watch.KubeResourceEvent#Deployment.apps". A second column set of one
    /// kind (another server version) gets "#2".
    /// </summary>
    private static string Name(Registry registry, ViewKey key, object obj)
    {
        string kind = key.Kind.Kind + (key.Kind.Group.Length > 0 ? "." + key.Kind.Group : "");
        string baseName = key.ForEvents ? EventType + "#" + kind
            : obj is Unstructured ? typeof(Unstructured).FullName + "#" + kind + "#Table"
            : obj.GetType().FullName + "#Table";
        int n = 0;
        foreach (var existing in registry.Names.Keys)
            if (existing.ForEvents == key.ForEvents && existing.Kind.Kind == key.Kind.Kind && existing.Kind.Group == key.Kind.Group && existing.Typed == key.Typed) n++;
        return n == 0 ? baseName : baseName + "#" + (n + 1).ToString(CultureInfo.InvariantCulture);
    }

    private static bool Register(InitialSessionState iss, string typeName, ViewKey key)
    {
        var views = new List<FormatViewDefinition>
        {
            new(typeName, Table(key, wide: false)),
            new(WideView, Table(key, wide: true)),
        };
        var entry = new SessionStateFormatEntry(new ExtendedTypeDefinition(typeName, views));
        try
        {
            if (iss.DisableFormatUpdates) return false;
            iss.Formats.Add(entry);
            // A script block, not a nested PowerShell instance: it runs in the current pipeline
            // through engine code the session has already compiled, where PowerShell.Create's
            // pipeline machinery (about 150 methods) would be JIT-compiled for the first view
            // (measured, issue 10 §2). A failure throws, with -ErrorAction Stop.
            // (Made each time: a script block is parsed once per text and session anyway, and one
            // shared between runspaces could tie it to the first.)
            ScriptBlock.Create("param($command) & $command -ErrorAction Stop").Invoke((object?)UpdateFormatData() ?? "Microsoft.PowerShell.Utility\\Update-FormatData");
            return true;
        }
        catch (Exception e) when (e is PSInvalidOperationException or InvalidOperationException or RuntimeException)
        {
            return false;
        }
    }

    /// <summary>
    /// Update-FormatData by its type when its assembly is loaded, so calling it does not import the
    /// whole Microsoft.PowerShell.Utility module into a session that has not used it yet.
    /// </summary>
    private static CmdletInfo? UpdateFormatData()
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.GetName().Name != "Microsoft.PowerShell.Commands.Utility") continue;
            if (assembly.GetType("Microsoft.PowerShell.Commands.UpdateFormatDataCommand") is { } type)
                return new CmdletInfo("Update-FormatData", type);
        }
        return null;
    }

    private static TableControl Table(ViewKey key, bool wide)
    {
        var builder = TableControl.Create(outOfBand: false, autoSize: false, hideTableHeaders: false);
        var columns = new List<(string Header, string Script)>();
        string subject = key.ForEvents ? "$_.Object" : "$_";
        if (key.ForEvents)
        {
            columns.Add(("TIME", "$_.Time.ToLocalTime().ToString('HH:mm:ss')"));
            columns.Add(("TYPE", "$_.Type"));
        }
        if (key.Namespaced) columns.Add(("NAMESPACE", $"[Kube.PowerShell.Formatting.TableView]::Namespace({subject})"));
        var layout = key.Layout.Columns;
        for (int i = 0; i < layout.Count; i++)
        {
            if (!wide && layout[i].Priority != 0) continue;
            columns.Add((layout[i].Header, $"[Kube.PowerShell.Formatting.TableView]::Cell({subject}, {i.ToString(CultureInfo.InvariantCulture)})"));
        }
        foreach (var (header, _) in columns) builder.AddHeader(Alignment.Left, 0, header);
        var row = builder.StartRowDefinition(wrap: false, entrySelectedByType: null, entrySelectedByCondition: null);
        foreach (var (_, script) in columns) row.AddScriptBlockColumn(script, Alignment.Undefined, null);
        return row.EndRowDefinition().EndTable();
    }

    private static GroupVersionKind? KindOf(object obj)
    {
        try
        {
            if (obj is IKubeObject { ApiVersion: { Length: > 0 } apiVersion, Kind: { Length: > 0 } kind })
                return GroupVersion.Parse(apiVersion).WithKind(kind);
            if (ModelRegistry.TryGetKind(obj.GetType(), out var registered)) return registered;
        }
        catch (FormatException)
        {
        }
        return null;
    }

    private static bool HasNamespace(object obj) => obj switch
    {
        IKubeResource r => !string.IsNullOrEmpty(r.Metadata?.Namespace),
        Unstructured u => !string.IsNullOrEmpty(Safe(() => u.Namespace)),
        _ => false,
    };

    private static string? Safe(Func<string?> read)
    {
        try { return read(); }
        catch (NestedFieldException) { return null; }
    }

    private sealed class Registry
    {
        public Dictionary<ViewKey, string> Names { get; } = new();
        public bool Disabled { get; set; }
    }

    /// <summary>What decides a view: the kind (version aside), namespace column or not, events or objects, and the columns.</summary>
    private readonly struct ViewKey : IEquatable<ViewKey>
    {
        public ViewKey(GroupVersionKind kind, bool typed, bool namespaced, bool forEvents, TableLayout layout)
        {
            Kind = new GroupVersionKind(kind.Group, "", kind.Kind);
            Typed = typed;
            Namespaced = namespaced;
            ForEvents = forEvents;
            Layout = layout;
        }

        public GroupVersionKind Kind { get; }
        public bool Typed { get; }
        public bool Namespaced { get; }
        public bool ForEvents { get; }
        public TableLayout Layout { get; }

        public bool Equals(ViewKey other) =>
            Kind.Group == other.Kind.Group && Kind.Kind == other.Kind.Kind && Typed == other.Typed && Namespaced == other.Namespaced && ForEvents == other.ForEvents && Layout.Equals(other.Layout);

        public override bool Equals(object? obj) => obj is ViewKey other && Equals(other);

        public override int GetHashCode() => ((Kind.Group.GetHashCode() * 31 + Kind.Kind.GetHashCode()) * 31 + Layout.GetHashCode()) * 4 + (Namespaced ? 2 : 0) + (ForEvents ? 1 : 0);
    }
}
