using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Streams.Copy;
using Kube.Client.Streams.Logs;
using Kube.Client.Streams.PortForward;
using Kube.Client.Streams.RemoteCommand;

namespace Kube.Client.Typed.CoreV1;

/// <summary>
/// The pods client's stream expansions (client-go's pod expansion: GetLogs, and the exec, attach
/// and port-forward subresources): thin entries into <see cref="Kube.Client.Streams"/>.
/// </summary>
public sealed partial class PodsClient
{
    /// <summary>The lines of a container's log; see <see cref="PodLogClient"/>.</summary>
    public IAsyncEnumerable<LogLine> GetLogsAsync(string name, PodLogOptions? options = null, CancellationToken cancellationToken = default) =>
        new PodLogClient(Generic.RestClient, RequireNamespace()).ReadAsync(name, options, cancellationToken);

    /// <summary>A container's log as raw bytes; see <see cref="PodLogClient.OpenAsync"/>.</summary>
    public Task<Stream> GetLogStreamAsync(string name, PodLogOptions? options = null, CancellationToken cancellationToken = default) =>
        new PodLogClient(Generic.RestClient, RequireNamespace()).OpenAsync(name, options, cancellationToken);

    /// <summary>Starts a command in a container; see <see cref="RemoteCommandClient.ExecAsync"/>.</summary>
    public Task<RemoteCommandSession> ExecAsync(string name, ExecOptions options, CancellationToken cancellationToken = default) =>
        new RemoteCommandClient(Generic.RestClient, RequireNamespace()).ExecAsync(name, options, cancellationToken);

    /// <summary>Attaches to a container's main process; see <see cref="RemoteCommandClient.AttachAsync"/>.</summary>
    public Task<RemoteCommandSession> AttachAsync(string name, AttachOptions options, CancellationToken cancellationToken = default) =>
        new RemoteCommandClient(Generic.RestClient, RequireNamespace()).AttachAsync(name, options, cancellationToken);

    /// <summary>Forwards local ports to the pod's (numeric) ports; see <see cref="PortForwarder"/>.</summary>
    public Task<PortForwarder> PortForwardAsync(string name, IEnumerable<PortMapping> ports, PortForwardOptions? options = null, CancellationToken cancellationToken = default) =>
        PortForwarder.StartAsync(Generic.RestClient, RequireNamespace(), name, ports, options, cancellationToken);

    /// <summary>Copies a path of a container to a local path; see <see cref="PodCopier"/>.</summary>
    public Task<CopyResult> CopyFromAsync(string name, string? container, string remotePath, string localPath, CancellationToken cancellationToken = default) =>
        new PodCopier(Generic.RestClient, RequireNamespace()).CopyFromPodAsync(name, container, remotePath, localPath, cancellationToken: cancellationToken);

    /// <summary>Copies a local file or directory into a container; see <see cref="PodCopier"/>.</summary>
    public Task<CopyResult> CopyToAsync(string name, string? container, string localPath, string remotePath, CancellationToken cancellationToken = default) =>
        new PodCopier(Generic.RestClient, RequireNamespace()).CopyToPodAsync(name, container, localPath, remotePath, cancellationToken: cancellationToken);

    private string RequireNamespace() =>
        Generic.Namespace ?? throw new InvalidOperationException("Logs, exec, attach, port-forward and copy work on one pod: make the client for its namespace.");
}
