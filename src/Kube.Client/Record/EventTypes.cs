namespace Kube.Client.Record;

/// <summary>The two event types the API accepts.</summary>
public static class EventTypes
{
    /// <summary>Information: things going as they should.</summary>
    public const string Normal = "Normal";

    /// <summary>Something that may need attention.</summary>
    public const string Warning = "Warning";

    public static bool IsValid(string? type) => type == Normal || type == Warning;
}
