namespace Kube.Client.Config.Certificates;

/// <summary>One <c>-----BEGIN label-----</c> ... <c>-----END label-----</c> block, decoded.</summary>
internal sealed class PemBlock
{
    public PemBlock(string label, byte[] data, int line, bool encryptedHeader)
    {
        Label = label;
        Data = data;
        Line = line;
        HasEncryptedHeader = encryptedHeader;
    }

    public string Label { get; }
    public byte[] Data { get; }

    /// <summary>1-based line of the BEGIN marker.</summary>
    public int Line { get; }

    /// <summary>An OpenSSL legacy <c>Proc-Type: 4,ENCRYPTED</c> header was present.</summary>
    public bool HasEncryptedHeader { get; }

    public override string ToString() => $"{Label} block at line {Line}";
}
