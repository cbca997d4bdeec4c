using System;
using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Kube.Client.Config.Certificates;

/// <summary>
/// Decodes unencrypted private keys with System.Formats.Asn1, so that the same code serves
/// netstandard2.0 (which has no ImportFromPem) and net8.0: PKCS#1 "RSA PRIVATE KEY", SEC1
/// "EC PRIVATE KEY" and PKCS#8 "PRIVATE KEY" holding either.
/// </summary>
internal static class PrivateKeyDecoder
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";
    private const string Ed25519Oid = "1.3.101.112";
    private const string Ed448Oid = "1.3.101.113";

    /// <exception cref="FormatException">With a message fit for the user; never containing key material.</exception>
    public static AsymmetricAlgorithm Decode(PemBlock block)
    {
        if (block.HasEncryptedHeader || block.Label == "ENCRYPTED PRIVATE KEY")
        {
            throw new FormatException("the private key is encrypted; kubeconfig keys must be unencrypted");
        }
        try
        {
            return block.Label switch
            {
                "RSA PRIVATE KEY" => CreateRsa(ReadPkcs1(block.Data)),
                "EC PRIVATE KEY" => CreateEc(ReadSec1(block.Data, null)),
                "PRIVATE KEY" => DecodePkcs8(block.Data),
                _ => throw new FormatException($"a {block.Label} block is not a private key (expected RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY)"),
            };
        }
        catch (AsnContentException e)
        {
            throw new FormatException($"the {block.Label} block is not a valid key ({e.GetType().Name})");
        }
        catch (CryptographicException e)
        {
            throw new FormatException($"the {block.Label} block cannot be imported: {e.Message}");
        }
    }

    private static AsymmetricAlgorithm DecodePkcs8(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.BER);
        var info = reader.ReadSequence();
        info.ReadIntegerBytes();
        var algorithm = info.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        string? curve = null;
        if (algorithm.HasData && algorithm.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
        {
            curve = algorithm.ReadObjectIdentifier();
        }
        var privateKey = info.ReadOctetString();
        return oid switch
        {
            RsaOid => CreateRsa(ReadPkcs1(privateKey)),
            EcOid => CreateEc(ReadSec1(privateKey, curve)),
            Ed25519Oid or Ed448Oid => throw new FormatException("Ed25519 and Ed448 keys are not supported by .NET's TLS; use an RSA or ECDSA key"),
            _ => throw new FormatException($"keys of algorithm {oid} are not supported; use an RSA or ECDSA key"),
        };
    }

    private static RSAParameters ReadPkcs1(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.BER);
        var sequence = reader.ReadSequence();
        sequence.ReadIntegerBytes();
        var modulus = Unsigned(sequence.ReadIntegerBytes().Span);
        var exponent = Unsigned(sequence.ReadIntegerBytes().Span);
        var half = (modulus.Length + 1) / 2;
        return new RSAParameters
        {
            Modulus = modulus,
            Exponent = exponent,
            D = Unsigned(sequence.ReadIntegerBytes().Span, modulus.Length),
            P = Unsigned(sequence.ReadIntegerBytes().Span, half),
            Q = Unsigned(sequence.ReadIntegerBytes().Span, half),
            DP = Unsigned(sequence.ReadIntegerBytes().Span, half),
            DQ = Unsigned(sequence.ReadIntegerBytes().Span, half),
            InverseQ = Unsigned(sequence.ReadIntegerBytes().Span, half),
        };
    }

    private static ECParameters ReadSec1(byte[] der, string? curveFromPkcs8)
    {
        var reader = new AsnReader(der, AsnEncodingRules.BER);
        var sequence = reader.ReadSequence();
        sequence.ReadIntegerBytes();
        var privateKey = sequence.ReadOctetString();
        var curve = curveFromPkcs8;
        byte[]? publicPoint = null;
        var parametersTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        var publicKeyTag = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);
        if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(parametersTag))
        {
            var parameters = sequence.ReadSequence(parametersTag);
            if (parameters.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            {
                curve = parameters.ReadObjectIdentifier();
            }
        }
        if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(publicKeyTag))
        {
            var wrapper = sequence.ReadSequence(publicKeyTag);
            publicPoint = wrapper.ReadBitString(out _);
        }
        if (curve is null)
        {
            throw new FormatException("the EC key names no curve (explicit curve parameters are not supported)");
        }

        var fieldSize = FieldSize(curve, privateKey.Length);
        var result = new ECParameters
        {
            Curve = ECCurve.CreateFromValue(curve),
            D = Unsigned(privateKey, fieldSize),
        };
        if (publicPoint is { Length: > 0 })
        {
            if (publicPoint[0] != 0x04 || publicPoint.Length != 1 + 2 * fieldSize)
            {
                throw new FormatException("the EC key's public point is compressed or malformed");
            }
            result.Q = new ECPoint
            {
                X = Slice(publicPoint, 1, fieldSize),
                Y = Slice(publicPoint, 1 + fieldSize, fieldSize),
            };
        }
        return result;
    }

    private static RSA CreateRsa(RSAParameters parameters)
    {
        var rsa = RSA.Create();
        rsa.ImportParameters(parameters);
        return rsa;
    }

    private static ECDsa CreateEc(ECParameters parameters) => ECDsa.Create(parameters);

    private static int FieldSize(string curveOid, int privateKeyLength) => curveOid switch
    {
        "1.2.840.10045.3.1.7" => 32, // P-256
        "1.3.132.0.34" => 48,        // P-384
        "1.3.132.0.35" => 66,        // P-521
        _ => privateKeyLength,
    };

    /// <summary>An ASN.1 INTEGER as unsigned big-endian bytes, left-padded to <paramref name="length"/>.</summary>
    private static byte[] Unsigned(ReadOnlySpan<byte> value, int length = 0)
    {
        while (value.Length > 1 && value[0] == 0)
        {
            value = value.Slice(1);
        }
        if (length <= value.Length)
        {
            return value.ToArray();
        }
        var padded = new byte[length];
        value.CopyTo(padded.AsSpan(length - value.Length));
        return padded;
    }

    private static byte[] Slice(byte[] source, int offset, int count)
    {
        var result = new byte[count];
        Array.Copy(source, offset, result, 0, count);
        return result;
    }
}
