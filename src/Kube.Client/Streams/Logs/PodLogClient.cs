using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Rest;
using Kube.Client.Streams.Targets;
using Kube.Client.Streams.Text;
using Kube.Client.Typed.CoreV1;

namespace Kube.Client.Streams.Logs;

/// <summary>
/// Reads containers' logs (<c>pods/{name}/log</c>) as streams of lines, one request each, never
/// holding a log whole. Followed logs yield each line as the container writes it; cancelling the
/// token closes the connection. A refusal is explained in terms of the pod: the containers it
/// has, or the state it is in. A stream cut by the network or a restarting API server ends with
/// <see cref="KubeConnectionException"/>, never a hang.
/// </summary>
public sealed class PodLogClient
{
    private readonly RestClient _rest;
    private readonly string _namespace;

    public PodLogClient(RestClient rest, string @namespace)
    {
        _rest = rest ?? throw new ArgumentNullException(nameof(rest));
        if (string.IsNullOrEmpty(@namespace)) throw new ArgumentException("Logs need the pod's namespace.", nameof(@namespace));
        _namespace = @namespace;
    }

    /// <summary>
    /// The log of one container as raw bytes, from the moment the server answers. With no
    /// container named, the pod is read first and its default container taken (kubectl's rule).
    /// </summary>
    /// <exception cref="ContainerNotFoundException">The pod has no such container.</exception>
    /// <exception cref="PodNotRunningException">The pod is not scheduled yet, or the container has not started.</exception>
    public async Task<Stream> OpenAsync(string pod, PodLogOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PodLogOptions();
        options.Validate();
        string container = options.Container ?? await PodTargetResolver.ContainerAsync(_rest, _namespace, pod, null, PodStreamKind.Log, cancellationToken).ConfigureAwait(false);
        return await OpenContainerAsync(pod, container, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The lines of one container's log (see <see cref="OpenAsync"/>), each as soon as it is complete.</summary>
    public async IAsyncEnumerable<LogLine> ReadAsync(string pod, PodLogOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new PodLogOptions();
        options.Validate();
        string container = options.Container ?? await PodTargetResolver.ContainerAsync(_rest, _namespace, pod, null, PodStreamKind.Log, cancellationToken).ConfigureAwait(false);
        await foreach (var line in ReadAsync(new LogSource(_namespace, pod, container), options, cancellationToken).ConfigureAwait(false))
            yield return line;
    }

    /// <summary>The lines of one resolved source (its namespace must be this client's).</summary>
    public async IAsyncEnumerable<LogLine> ReadAsync(LogSource source, PodLogOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (source.Namespace != _namespace) throw new ArgumentException($"The source is in namespace {source.Namespace}, this client reads {_namespace}.", nameof(source));
        options.Validate();
        using var reader = new Utf8LineReader(await OpenContainerAsync(source.Pod, source.Container, options, cancellationToken).ConfigureAwait(false));
        while (true)
        {
            string? text;
            try
            {
                text = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                throw new KubeConnectionException(
                    $"The log stream of container {source.Container} of pod {_namespace}/{source.Pod} from {_rest.DescribeServer()} was cut: {e.Message}",
                    _rest.Config.Host, e);
            }
            if (text is null) break;
            yield return Parse(source, text, options.Timestamps);
        }
        // A followed log ends when the container stops; say so when that was the pod's deletion.
        if (options.Follow && !cancellationToken.IsCancellationRequested)
            await ThrowIfDeletedAsync(source, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Stream> OpenContainerAsync(string pod, string container, PodLogOptions options, CancellationToken cancellationToken)
    {
        var request = _rest.Get().ApiVersion("v1").Namespace(_namespace).Resource("pods").Name(pod).SubResource("log")
            .Accept("text/plain, */*")
            .Param("container", container);
        if (options.Follow) request.Param("follow", "true");
        if (options.Previous) request.Param("previous", "true");
        if (options.Timestamps) request.Param("timestamps", "true");
        if (options.Since is TimeSpan since) request.Param("sinceSeconds", ((long)Math.Ceiling(since.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        if (options.SinceTime is DateTimeOffset sinceTime) request.Param("sinceTime", sinceTime.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        if (options.TailLines is long tail) request.Param("tailLines", tail.ToString(CultureInfo.InvariantCulture));
        if (options.LimitBytes is long limit) request.Param("limitBytes", limit.ToString(CultureInfo.InvariantCulture));
        try
        {
            return await request.StreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException refused) when (PodTargetResolver.IsExplainable(refused))
        {
            // Only a container that never ran has no log; one that ran and stopped still has one.
            throw await PodTargetResolver.ExplainAsync(_rest, _namespace, pod, container, PodStreamKind.Log, refused, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ThrowIfDeletedAsync(LogSource source, CancellationToken cancellationToken)
    {
        try
        {
            var pod = await new PodsClient(_rest, _namespace).GetAsync(source.Pod, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (pod.Metadata?.DeletionTimestamp is null) return;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
        }
        catch (Exception e) when (e is KubeApiException or KubeConnectionException)
        {
            // Whether it was deleted cannot be told; the log ended as the server ended it.
            return;
        }
        throw new PodNotRunningException(_namespace, source.Pod, "Deleted",
            $"the log of container {source.Container} of pod {_namespace}/{source.Pod} ended because the pod was deleted");
    }

    /// <summary>Splits the runtime's timestamp off a line read with timestamps=true.</summary>
    internal static LogLine Parse(LogSource source, string text, bool timestamps)
    {
        if (!timestamps) return new LogLine(source.Namespace, source.Pod, source.Container, text, null, null);
        int space = text.IndexOf(' ');
        string raw = space < 0 ? text : text.Substring(0, space);
        if (!LogTimestamp.TryParse(raw, out var time)) return new LogLine(source.Namespace, source.Pod, source.Container, text, null, null);
        return new LogLine(source.Namespace, source.Pod, source.Container, space < 0 ? "" : text.Substring(space + 1), raw, time);
    }
}
