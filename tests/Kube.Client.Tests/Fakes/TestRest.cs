using System;
using System.Net.Http;
using Kube.Client.Config;
using Kube.Client.Rest;
using Kube.Client.Retry;

namespace Kube.Client.Tests.Fakes;

public static class TestRest
{
    public static RestClient Create(HttpMessageHandler handler, int maxRetries = 3, float qps = 0, string contentType = MediaTypes.Json)
    {
        var config = new RestConfig { Host = new Uri("https://kube.test:6443"), Qps = qps, ContextName = "test-ctx", Source = "context \"test-ctx\" in /tmp/kubeconfig", ContentType = contentType };
        return new RestClient(config, handler)
        {
            RetryPolicy = new RetryPolicy(maxRetries, new Backoff(TimeSpan.FromMilliseconds(1), factor: 1, jitter: 0)),
        };
    }
}
