namespace Kube.Client.Rest;

internal static class RequestListenerExtensions
{
    public static void OnTraceIfEnabled(this IRequestListener listener, string message)
    {
        if (listener.TraceEnabled) listener.OnTrace(message);
    }
}
