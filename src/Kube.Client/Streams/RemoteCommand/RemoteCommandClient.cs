using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Rest;
using Kube.Client.Streams.Channels;
using Kube.Client.Streams.Targets;
using Kube.Client.Streams.WebSockets;

namespace Kube.Client.Streams.RemoteCommand;

/// <summary>
/// Runs commands in containers and attaches to them (client-go's remotecommand executor) over a
/// WebSocket of the <see cref="RestClient"/>'s transport, offering <c>v5.channel.k8s.io</c> and
/// falling back to <c>v4.channel.k8s.io</c>. No SPDY. When the server refuses, the pod is read to
/// say why in terms of the pod: the containers it has, or the state it is in. With no container
/// named in a pod of several, the default one is chosen as kubectl does (the
/// <c>kubectl.kubernetes.io/default-container</c> annotation, else the first).
/// </summary>
public sealed class RemoteCommandClient
{
    private readonly RestClient _rest;
    private readonly string _namespace;

    public RemoteCommandClient(RestClient rest, string @namespace)
    {
        _rest = rest ?? throw new ArgumentNullException(nameof(rest));
        if (string.IsNullOrEmpty(@namespace)) throw new ArgumentException("exec and attach need the pod's namespace.", nameof(@namespace));
        _namespace = @namespace;
    }

    /// <summary>
    /// Starts <see cref="ExecOptions.Command"/> in the pod and returns the running session.
    /// <paramref name="cancellationToken"/> covers the whole session: cancelling it closes the connection.
    /// </summary>
    /// <exception cref="ContainerNotFoundException">The pod has no such container.</exception>
    /// <exception cref="PodNotRunningException">The pod or container does not run.</exception>
    /// <exception cref="KubeApiException">The server refused for another reason (no such pod, forbidden...).</exception>
    public Task<RemoteCommandSession> ExecAsync(string pod, ExecOptions options, CancellationToken cancellationToken = default)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (options.Command is null || options.Command.Count == 0) throw new ArgumentException("exec needs a command to run.", nameof(options));
        if (options.Command.Any(string.IsNullOrEmpty)) throw new ArgumentException("The command and its arguments may not be null or empty strings.", nameof(options));
        var command = options.Command.ToList();
        string what = $"exec of \"{string.Join(" ", command)}\" in pod {_namespace}/{pod}";
        return OpenAsync(pod, "exec", options.Container, command, options.Stdin, options.Stdout, options.Stderr && !options.Tty, options.Tty, options.TerminalSize, what, cancellationToken);
    }

    /// <summary>Attaches to the main process of a container; see <see cref="ExecAsync"/> for the rest.</summary>
    public Task<RemoteCommandSession> AttachAsync(string pod, AttachOptions options, CancellationToken cancellationToken = default)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        string what = $"attach to pod {_namespace}/{pod}";
        return OpenAsync(pod, "attach", options.Container, null, options.Stdin, options.Stdout, options.Stderr && !options.Tty, options.Tty, options.TerminalSize, what, cancellationToken);
    }

    /// <summary>
    /// Runs a command to its end (see <see cref="RemoteCommandSession.RunAsync"/>): stdin from a
    /// stream, stdout and stderr to streams, and the exit code back.
    /// </summary>
    public async Task<RemoteCommandResult> RunAsync(string pod, ExecOptions options, Stream? stdin, Stream? stdout, Stream? stderr, CancellationToken cancellationToken = default)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        options.Stdin = stdin is not null;
        options.Stdout = true;
        options.Stderr = true;
        await using var session = await ExecAsync(pod, options, cancellationToken).ConfigureAwait(false);
        return await session.RunAsync(stdin, stdout, stderr, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RemoteCommandSession> OpenAsync(string pod, string subresource, string? container, IReadOnlyList<string>? command,
        bool stdin, bool stdout, bool stderr, bool tty, TerminalSize? size, string what, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(pod)) throw new ArgumentException("A pod name is needed.", nameof(pod));
        var kind = subresource == "exec" ? PodStreamKind.Exec : PodStreamKind.Attach;
        bool defaulted = false;
        KubeWebSocket socket;
        try
        {
            socket = await ConnectAsync(pod, subresource, container, command, stdin, stdout, stderr, tty, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException refused) when (PodTargetResolver.IsExplainable(refused))
        {
            var found = await PodTargetResolver.ReadAfterRefusalAsync(_rest, _namespace, pod, refused, cancellationToken).ConfigureAwait(false);
            // A pod of several containers needs one named: take kubectl's default, as kubectl does.
            if (PodTargetResolver.RetryContainer(found, container, kind) is not { } chosen) throw PodTargetResolver.Explain(found, container, kind, refused);
            container = chosen;
            defaulted = true;
            try
            {
                socket = await ConnectAsync(pod, subresource, container, command, stdin, stdout, stderr, tty, cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException again) when (PodTargetResolver.IsExplainable(again))
            {
                throw PodTargetResolver.Explain(found, container, kind, again);
            }
        }
        var session = new RemoteCommandSession(new ChannelConnection(socket), what, container, tty, cancellationToken) { ContainerDefaulted = defaulted };
        if (tty && size is TerminalSize initial)
        {
            try
            {
                await session.ResizeAsync(initial, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await session.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        return session;
    }

    private Task<KubeWebSocket> ConnectAsync(string pod, string subresource, string? container, IReadOnlyList<string>? command,
        bool stdin, bool stdout, bool stderr, bool tty, CancellationToken cancellationToken)
    {
        var request = _rest.Get().ApiVersion("v1").Namespace(_namespace).Resource("pods").Name(pod).SubResource(subresource);
        foreach (var part in command ?? Array.Empty<string>()) request.Param("command", part);
        request.Param("container", string.IsNullOrEmpty(container) ? null : container)
            .Param("stdin", Bool(stdin))
            .Param("stdout", Bool(stdout))
            .Param("stderr", Bool(stderr))
            .Param("tty", Bool(tty));
        return WebSocketDialer.ConnectAsync(request, ChannelProtocols.RemoteCommand, cancellationToken);
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
