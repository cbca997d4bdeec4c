namespace Kube.Client.Apply;

/// <summary>What a server-side apply did to an object.</summary>
public enum ApplyAction
{
    /// <summary>The object did not exist; the apply created it.</summary>
    Created,

    /// <summary>The object existed and the server stored a change (values or field ownership).</summary>
    Configured,

    /// <summary>The object existed and the server stored nothing new.</summary>
    Unchanged,
}
