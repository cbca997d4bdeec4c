namespace Kube.Client.Serialization.Protobuf;

/// <summary>Small steps the generated readers share, kept here so the generated code stays short.</summary>
internal static class ProtobufReading
{
    /// <summary>Reads a length-delimited field holding a message with <paramref name="read"/>.</summary>
    public static T Field<T>(ref ProtobufReader reader, ProtobufMessageReader<T> read)
    {
        var message = reader.ReadMessage();
        return read(ref message);
    }

    // A Go field that is no pointer and has json omitempty is left out of JSON when it holds its
    // zero value; reading protobuf gives null there too, so both wire forms fill the model alike.
    public static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    public static byte[]? NullIfEmpty(byte[] value) => value.Length == 0 ? null : value;

    public static int? NullIfZero(int value) => value == 0 ? null : value;

    public static long? NullIfZero(long value) => value == 0 ? null : value;

    public static double? NullIfZero(double value) => value == 0 ? null : value;

    public static bool? NullIfFalse(bool value) => value ? true : null;
}
