using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;

namespace Kube.Client.Tests.Fakes;

public static class Responses
{
    public static HttpResponseMessage Json(HttpStatusCode code, string json) =>
        new(code) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Ok(string json) => Json(HttpStatusCode.OK, json);

    public static HttpResponseMessage Status(int code, string reason, string message, string? details = null) =>
        Json((HttpStatusCode)code,
            $"{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{{}},\"status\":\"Failure\",\"message\":{System.Text.Json.JsonSerializer.Serialize(message)},\"reason\":\"{reason}\"{(details is null ? "" : ",\"details\":" + details)},\"code\":{code}}}");

    public static HttpResponseMessage Protobuf(HttpStatusCode code, byte[] body, string mediaType = "application/vnd.kubernetes.protobuf")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);
        return new HttpResponseMessage(code) { Content = content };
    }

    public static HttpResponseMessage Stream(Stream body) =>
        new(HttpStatusCode.OK) { Content = new StreamContent(body) };
}
