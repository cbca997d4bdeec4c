using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Kube.Client.Transport.Tls;

/// <summary>
/// Checks a server certificate against a host name the way Go's crypto/tls does: subject
/// alternative names only (no common-name fallback), one-label wildcards, IP addresses by value.
/// </summary>
internal static class HostnameVerifier
{
    private const string SubjectAlternativeNameOid = "2.5.29.17";

    public static bool Matches(X509Certificate2 certificate, string host, out IReadOnlyList<string> validFor)
    {
        var (dnsNames, addresses) = ReadSubjectAlternativeNames(certificate);
        validFor = dnsNames.Concat(addresses.Select(a => a.ToString())).ToList();
        var name = host.Trim('[', ']');
        if (IPAddress.TryParse(name, out var ip))
        {
            return addresses.Any(a => a.Equals(ip));
        }
        name = name.TrimEnd('.');
        return dnsNames.Any(pattern => MatchesDns(pattern.TrimEnd('.'), name));
    }

    private static bool MatchesDns(string pattern, string host)
    {
        if (string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (!pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return false;
        }
        var dot = host.IndexOf('.');
        return dot > 0 && string.Equals(pattern.Substring(1), host.Substring(dot), StringComparison.OrdinalIgnoreCase);
    }

    internal static (List<string> DnsNames, List<IPAddress> Addresses) ReadSubjectAlternativeNames(X509Certificate2 certificate)
    {
        var dnsNames = new List<string>();
        var addresses = new List<IPAddress>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAlternativeNameOid)
            {
                continue;
            }
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            var names = reader.ReadSequence();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 2)
                {
                    dnsNames.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 2)));
                }
                else if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 7)
                {
                    var bytes = names.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 7));
                    if (bytes.Length is 4 or 16)
                    {
                        addresses.Add(new IPAddress(bytes));
                    }
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        return (dnsNames, addresses);
    }
}
