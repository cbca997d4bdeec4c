namespace Kube.Client.Schema;

public readonly record struct GroupVersionKind(string Group, string Version, string Kind)
{
    public GroupVersion GroupVersion => new(Group, Version);
    public string ApiVersion => GroupVersion.ApiVersion;
    public GroupKind GroupKind => new(Group, Kind);

    public static GroupVersionKind FromApiVersionAndKind(string apiVersion, string kind) =>
        GroupVersion.Parse(apiVersion).WithKind(kind);

    public override string ToString() => Group.Length == 0 ? $"{Version}, Kind={Kind}" : $"{Group}/{Version}, Kind={Kind}";
}
