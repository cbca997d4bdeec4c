namespace Kube.Client.Schema;

public readonly record struct GroupVersionResource(string Group, string Version, string Resource)
{
    public GroupVersion GroupVersion => new(Group, Version);
    public GroupResource GroupResource => new(Group, Resource);

    public override string ToString() => Group.Length == 0 ? $"{Version}/{Resource}" : $"{Group}/{Version}/{Resource}";
}
