using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Rest;
using Kube.Client.Streams.PortForward;
using Kube.Client.Streams.Targets;
using Kube.PowerShell.Completion;
using Kube.PowerShell.Connection;

namespace Kube.PowerShell.Cmdlets.PortForward;

// Over 80 lines: pod, Service and workload targets resolved to a ready pod, several ports per call, and -Wait, which
// keeps the forward in the foreground and turns its per-connection errors into records; forwarding is Kube.Client.Streams.
/// <summary>
/// <para type="synopsis">Forwards local ports to a pod, or to a Service's or workload's pod, like kubectl port-forward.</para>
/// <para type="description">Returns one object per port that keeps forwarding in the background until Stop-KubePortForward or the end of the session; -Wait keeps it in the foreground until Ctrl+C.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "KubePortForward", DefaultParameterSetName = ByName)]
[OutputType(typeof(KubePortForward))]
public sealed class StartKubePortForwardCommand : KubeClusterCmdlet
{
    private const string ByName = "Name";
    private const string ByObject = "InputObject";

    /// <summary>The pod, or TYPE/NAME: svc/web forwards to a ready pod of the Service, deploy/web to one of the Deployment's.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName, HelpMessage = "A pod name, or TYPE/NAME such as svc/web.")]
    [ArgumentCompleter(typeof(PodNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>A Pod or Service (or a workload) from the pipeline.</summary>
    [Parameter(Mandatory = true, HelpMessage = "A pod, Service or workload to forward to.", ValueFromPipeline = true, ParameterSetName = ByObject)]
    public object? InputObject { get; set; }

    /// <summary>The ports: 8080:80, 80 (the same on both sides), :80 (any free local port), 8080:http (a named port).</summary>
    [Parameter(Mandatory = true, Position = 1, HelpMessage = "Ports as LOCAL:REMOTE, REMOTE, or :REMOTE.")]
    public string[] Port { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = ByName)]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    [Alias("ns")]
    public string? Namespace { get; set; }

    /// <summary>Local addresses to listen on; by default localhost (127.0.0.1 and ::1).</summary>
    [Parameter]
    public string[]? Address { get; set; }

    /// <summary>Keep forwarding in the foreground, reporting failed connections, until Ctrl+C.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var mappings = new List<PortMapping>();
        foreach (var text in Port)
        {
            try { mappings.Add(PortMapping.Parse(text)); }
            catch (FormatException e) { ThrowTerminatingError(new ErrorRecord(new ArgumentException(e.Message, e), "InvalidPort", ErrorCategory.InvalidArgument, text)); }
        }
        var addresses = new List<IPAddress>();
        foreach (var text in Address ?? Array.Empty<string>())
        {
            if (string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase)) continue;
            if (!IPAddress.TryParse(text, out var address))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"'{text}' is not an IP address (or localhost)."), "InvalidAddress", ErrorCategory.InvalidArgument, text));
            addresses.Add(address!);
        }
        if (Address is { Length: > 0 } && Address.Any(a => string.Equals(a, "localhost", StringComparison.OrdinalIgnoreCase)) && addresses.Count > 0)
            addresses.AddRange(new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }.Where(a => !addresses.Contains(a)));

        var connection = await GetConnectionAsync(cancellationToken);
        string ns;
        WorkloadKind kind;
        string name;
        string target;
        if (ParameterSetName == ByName)
        {
            ns = string.IsNullOrEmpty(Namespace) ? connection.DefaultNamespace : Namespace!;
            try { (kind, name) = WorkloadPods.ParseTarget(Name); }
            catch (ArgumentException e) { ThrowTerminatingError(new ErrorRecord(e, "InvalidTarget", ErrorCategory.InvalidArgument, Name)); throw; }
            target = Name;
        }
        else
        {
            var input = InputObject is PSObject ps ? ps.BaseObject : InputObject;
            if (input is null || !WorkloadPods.TryKindOf(input, out kind))
            {
                WriteError(new ErrorRecord(new ArgumentException($"Start-KubePortForward forwards to pods and to {WorkloadPods.KnownKinds} objects, not to {input?.GetType().Name ?? "null"}."),
                    "UnsupportedInput", ErrorCategory.InvalidArgument, InputObject));
                return;
            }
            var meta = ObjectMetaAccessor.For(input);
            ns = meta.Namespace ?? connection.DefaultNamespace;
            name = meta.Name ?? "";
            target = kind == WorkloadKind.Pod ? name : $"{kind.ToString().ToLowerInvariant()}/{name}";
        }

        var (pod, resolved) = await PortForwardTargets.ResolveAsync(connection.Clientset, kind, ns, name, mappings, cancellationToken);
        var options = new PortForwardOptions { Addresses = addresses };
        var started = new List<KubePortForward>();
        try
        {
            foreach (var mapping in resolved)
            {
                var forwarder = await PortForwarder.StartAsync(connection.Rest, ns, pod.Metadata!.Name!, new[] { mapping }, options, cancellationToken);
                started.Add(new KubePortForward(PortForwardRegistry.NextId(), connection.ContextName, target, forwarder));
            }
        }
        catch
        {
            foreach (var forward in started) await forward.StopAsync();
            throw;
        }
        foreach (var forward in started)
        {
            WriteVerbose($"Forwarding {string.Join(", ", forward.Address)} port {forward.LocalPort} to pod {forward.Namespace}/{forward.Pod} port {forward.RemotePort}.");
            WriteObject(forward);
        }
        if (!Wait.IsPresent)
        {
            foreach (var forward in started) PortForwardRegistry.Current.Add(forward);
            return;
        }
        await WaitAsync(started, cancellationToken);
    }

    /// <summary>Forwards in the foreground: failed connections become warnings as they happen; Ctrl+C stops every forward at once.</summary>
    private async Task WaitAsync(List<KubePortForward> forwards, CancellationToken cancellationToken)
    {
        var failures = Channel.CreateUnbounded<PortForwardError>();
        foreach (var forward in forwards) forward.Forwarder.ConnectionFailed += e => failures.Writer.TryWrite(e);
        try
        {
            await foreach (var error in ReadAllAsync(failures.Reader, cancellationToken))
                WriteWarning($"Port {error.LocalPort} -> {error.RemotePort}: {error.Message}");
        }
        finally
        {
            await Task.WhenAll(forwards.Select(f => f.StopAsync()));
        }
    }

    private static async IAsyncEnumerable<PortForwardError> ReadAllAsync(ChannelReader<PortForwardError> reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await reader.WaitToReadAsync(cancellationToken))
            while (reader.TryRead(out var item)) yield return item;
    }
}
