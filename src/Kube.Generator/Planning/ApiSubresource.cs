namespace Kube.Generator.Planning;

/// <summary>
/// A JSON subresource of a resource ("status", "scale", "eviction"...) and the model types of the
/// operations it supports; a null type means the operation does not exist.
/// </summary>
public sealed class ApiSubresource
{
    public ApiSubresource(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public ModelTypeRef? GetResult { get; set; }
    public ModelTypeRef? UpdateBody { get; set; }
    public ModelTypeRef? PatchResult { get; set; }
    public ModelTypeRef? CreateBody { get; set; }
    public ModelTypeRef? CreateResult { get; set; }
}
