using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Kube.Client.Config.Certificates;

/// <summary>Splits PEM text into its blocks (RFC 7468), tolerating text between blocks as OpenSSL does.</summary>
internal static class PemReader
{
    private const string Begin = "-----BEGIN ";
    private const string End = "-----END ";
    private const string Dashes = "-----";

    /// <summary>True when the bytes look like PEM text rather than DER.</summary>
    public static bool LooksLikePem(byte[] data) =>
        Encoding.ASCII.GetString(data, 0, Math.Min(data.Length, 4096)).IndexOf(Begin, StringComparison.Ordinal) >= 0 ||
        Encoding.UTF8.GetString(data).IndexOf(Begin, StringComparison.Ordinal) >= 0;

    /// <exception cref="FormatException">A block is not closed or its body is not base64.</exception>
    public static List<PemBlock> ReadAll(byte[] data)
    {
        var blocks = new List<PemBlock>();
        using var reader = new StringReader(Encoding.UTF8.GetString(data));
        string? line;
        var lineNumber = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var trimmed = line.Trim();
            if (!trimmed.StartsWith(Begin, StringComparison.Ordinal) || !trimmed.EndsWith(Dashes, StringComparison.Ordinal))
            {
                continue;
            }
            var label = trimmed.Substring(Begin.Length, trimmed.Length - Begin.Length - Dashes.Length);
            var startLine = lineNumber;
            var body = new StringBuilder();
            var encrypted = false;
            var closed = false;
            while ((line = reader.ReadLine()) is not null)
            {
                lineNumber++;
                trimmed = line.Trim();
                if (trimmed.StartsWith(End, StringComparison.Ordinal))
                {
                    if (trimmed != End + label + Dashes)
                    {
                        throw new FormatException($"the {label} block at line {startLine} ends with \"{trimmed}\"");
                    }
                    closed = true;
                    break;
                }
                if (trimmed.IndexOf(':') >= 0)
                {
                    encrypted |= trimmed.StartsWith("Proc-Type:", StringComparison.Ordinal) && trimmed.IndexOf("ENCRYPTED", StringComparison.Ordinal) >= 0;
                    continue;
                }
                body.Append(trimmed);
            }
            if (!closed)
            {
                throw new FormatException($"the {label} block at line {startLine} has no END line");
            }
            byte[] decoded;
            try
            {
                decoded = Convert.FromBase64String(body.ToString());
            }
            catch (FormatException)
            {
                throw new FormatException($"the {label} block at line {startLine} is not valid base64");
            }
            blocks.Add(new PemBlock(label, decoded, startLine, encrypted));
        }
        return blocks;
    }
}
