using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Kube.Client.Models;

namespace Kube.Client.Tests.Support;

/// <summary>Serialization through the source-generated context only, as the library does it.</summary>
public static class Json
{
    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize(json, (JsonTypeInfo<T>)KubeJsonContext.Default.GetTypeInfo(typeof(T))!)!;

    public static string Write<T>(T value) =>
        JsonSerializer.Serialize(value, (JsonTypeInfo<T>)KubeJsonContext.Default.GetTypeInfo(typeof(T))!);

    public static string RoundTrip<T>(string json) => Write(Read<T>(json));
}
