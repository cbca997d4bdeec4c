namespace Kube.Client.Schema;

public readonly record struct GroupKind(string Group, string Kind)
{
    public override string ToString() => Group.Length == 0 ? Kind : Kind + "." + Group;
}
