using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Kube.Client.Tests.Fakes;

/// <summary>
/// The API server and kubelet as stream clients see them, in process: pods to GET, and exec over
/// WebSocket with the channel protocol (the server's empty "connected" message, stdout/stderr,
/// stdin with v5's close signal, resize, and a v4 metav1.Status on the error channel, as the
/// kubelet writes it). Commands it knows:
/// echo ARGS · exit N · cat (stdin to stdout until closed) · err TEXT (to stderr) · big N (N bytes)
/// · hang · cut (a line, then the connection drops with no status) · size (waits for a resize, prints "WxH")
/// · anything else: the runtime's "executable file not found" failure.
/// </summary>
public sealed class FakeKubelet
{
    public string[] Protocols { get; set; } = { "v5.channel.k8s.io", "v4.channel.k8s.io" };

    /// <summary>Pods by "namespace/name", as JSON.</summary>
    public ConcurrentDictionary<string, string> Pods { get; } = new();

    /// <summary>Refusals of exec requests: given the request, a (code, reason, message) to answer instead of upgrading.</summary>
    public Func<StreamRequest, (int Code, string Reason, string Message)?> Refuse { get; set; } = _ => null;

    /// <summary>Stdin each exec received, in order, when it ended.</summary>
    public ConcurrentQueue<byte[]> StdinReceived { get; } = new();

    /// <summary>Sessions running now.</summary>
    public int Running => Volatile.Read(ref _running);

    private int _running;

    public static string PodJson(string ns, string name, string phase = "Running", string? node = "node-1", string[]? containers = null, string? waitingReason = null, string? defaultContainer = null)
    {
        containers ??= new[] { "main" };
        var annotations = defaultContainer is null ? "{}" : $"{{\"kubectl.kubernetes.io/default-container\":\"{defaultContainer}\"}}";
        var specContainers = string.Join(",", containers.Select(c => $"{{\"name\":\"{c}\",\"image\":\"busybox\"}}"));
        var statuses = string.Join(",", containers.Select(c => waitingReason is null
            ? $"{{\"name\":\"{c}\",\"ready\":true,\"restartCount\":0,\"image\":\"busybox\",\"imageID\":\"\",\"state\":{{\"running\":{{}}}}}}"
            : $"{{\"name\":\"{c}\",\"ready\":false,\"restartCount\":0,\"image\":\"busybox\",\"imageID\":\"\",\"state\":{{\"waiting\":{{\"reason\":\"{waitingReason}\"}}}}}}"));
        string nodeField = node is null ? "" : $"\"nodeName\":\"{node}\",";
        return $"{{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{{\"name\":\"{name}\",\"namespace\":\"{ns}\",\"annotations\":{annotations}}},\"spec\":{{{nodeField}\"containers\":[{specContainers}]}},\"status\":{{\"phase\":\"{phase}\",\"containerStatuses\":[{statuses}]}}}}";
    }

    public async Task Handle(StreamRequest request, StreamExchange exchange)
    {
        var parts = request.Path.Trim('/').Split('/');
        // api v1 namespaces {ns} pods {name} [sub]
        if (parts.Length < 6 || parts[0] != "api" || parts[2] != "namespaces" || parts[4] != "pods")
        {
            await exchange.RespondStatusAsync(404, "NotFound", "the server could not find the requested resource");
            return;
        }
        string key = parts[3] + "/" + parts[5];
        if (!Pods.TryGetValue(key, out var pod))
        {
            await exchange.RespondStatusAsync(404, "NotFound", $"pods \"{parts[5]}\" not found");
            return;
        }
        if (parts.Length == 6)
        {
            await exchange.RespondAsync(200, pod);
            return;
        }
        if (parts[6] != "exec" || !request.IsWebSocket)
        {
            await exchange.RespondStatusAsync(400, "BadRequest", "unsupported");
            return;
        }
        if (request.Header("Accept") is { Length: > 0 })
        {
            // As the real kubelet's go-restful stream routes do.
            await exchange.RespondStatusAsync(406, "NotAcceptable", "406: Not Acceptable");
            return;
        }
        if (Refuse(request) is { } refusal)
        {
            await exchange.RespondStatusAsync(refusal.Code, refusal.Reason, refusal.Message);
            return;
        }
        var socket = await exchange.AcceptWebSocketAsync(Protocols);
        if (socket is null) return;
        Interlocked.Increment(ref _running);
        try
        {
            await Exec(socket, request, exchange.Stopping);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private async Task Exec(WebSocket socket, StreamRequest request, CancellationToken stopping)
    {
        var command = request.QueryValues("command");
        bool v5 = socket.SubProtocol == "v5.channel.k8s.io";
        var sendLock = new SemaphoreSlim(1, 1);
        async Task Send(byte channel, byte[] data)
        {
            var message = new byte[data.Length + 1];
            message[0] = channel;
            data.CopyTo(message, 1);
            await sendLock.WaitAsync(stopping);
            try { await socket.SendAsync(message, WebSocketMessageType.Binary, true, stopping); }
            finally { sendLock.Release(); }
        }

        var stdin = Channel.CreateUnbounded<byte[]>();
        var resizes = Channel.CreateUnbounded<string>();
        var received = new MemoryStream();
        var reader = Task.Run(async () =>
        {
            var buffer = new byte[1 << 16];
            try
            {
                while (true)
                {
                    var message = new MemoryStream();
                    WebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(buffer, stopping);
                        if (result.MessageType == WebSocketMessageType.Close) return;
                        message.Write(buffer, 0, result.Count);
                    }
                    while (!result.EndOfMessage);
                    var bytes = message.ToArray();
                    if (bytes.Length == 0) continue;
                    if (bytes[0] == 0 && bytes.Length > 1)
                    {
                        received.Write(bytes, 1, bytes.Length - 1);
                        stdin.Writer.TryWrite(bytes[1..]);
                    }
                    else if (bytes[0] == 4) resizes.Writer.TryWrite(Encoding.UTF8.GetString(bytes, 1, bytes.Length - 1));
                    else if (bytes[0] == 255 && v5 && bytes.Length > 1 && bytes[1] == 0) stdin.Writer.TryComplete();
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
            }
            finally
            {
                stdin.Writer.TryComplete();
                resizes.Writer.TryComplete();
            }
        });

        // The kubelet's "connected" signal: an empty message on the lowest writable channel.
        await Send(1, Array.Empty<byte>());
        string? status = null;
        switch (command.FirstOrDefault())
        {
            case "echo":
                await Send(1, Encoding.UTF8.GetBytes(string.Join(" ", command.Skip(1)) + "\n"));
                break;
            case "exit":
                int code = int.Parse(command[1]);
                if (code != 0) status = ExitStatus(code);
                break;
            case "cat":
                await foreach (var chunk in stdin.Reader.ReadAllAsync(stopping)) await Send(1, chunk);
                break;
            case "err":
                await Send(2, Encoding.UTF8.GetBytes(command[1] + "\n"));
                break;
            case "big":
                long total = long.Parse(command[1]);
                var block = Enumerable.Repeat((byte)'x', 30000).ToArray();
                for (long sent = 0; sent < total; sent += block.Length)
                    await Send(1, block[..(int)Math.Min(block.Length, total - sent)]);
                break;
            case "hang":
                // Runs until the client goes away, as a process whose streams the kubelet closes.
                await reader;
                return;
            case "cut":
                await Send(1, "partial\n"u8.ToArray());
                socket.Abort();
                return;
            case "size":
                await foreach (var resize in resizes.Reader.ReadAllAsync(stopping))
                {
                    using var doc = JsonDocument.Parse(resize);
                    await Send(1, Encoding.UTF8.GetBytes($"{doc.RootElement.GetProperty("Width").GetInt32()}x{doc.RootElement.GetProperty("Height").GetInt32()}\n"));
                    break;
                }
                break;
            default:
                status = "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"Internal error occurred: error executing command in container: failed to exec in container: starting container process caused: exec: \\\"" + command.FirstOrDefault() + "\\\": executable file not found in $PATH: unknown\",\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":\"error executing command\"}]},\"code\":500}";
                break;
        }
        await Send(3, Encoding.UTF8.GetBytes(status ?? "{\"metadata\":{},\"status\":\"Success\"}"));
        StdinReceived.Enqueue(received.ToArray());
        await sendLock.WaitAsync(stopping);
        try { await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", stopping); }
        finally { sendLock.Release(); }
        await reader.WaitAsync(TimeSpan.FromSeconds(5), stopping).ContinueWith(_ => { });
    }

    private static string ExitStatus(int code) =>
        "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: error executing command [exit], exit code " + code +
        "\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"" + code + "\"}]}}";
}
