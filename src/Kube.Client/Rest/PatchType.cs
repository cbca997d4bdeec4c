namespace Kube.Client.Rest;

// TEMP stub: the Rest layer branch provides the real PatchType.
public enum PatchType
{
    Json,
    Merge,
    StrategicMerge,
    Apply,
}
