namespace Kube.Benchmarks;

/// <summary>The raw GET a list row is compared with: the same bytes read and thrown away.</summary>
public enum Floor
{
    None,
    Json,
    Protobuf,
}
