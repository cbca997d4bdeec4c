namespace Kube.Client.Models;

/// <summary>The notation a quantity was written in, which the server keeps when it canonicalizes.</summary>
public enum QuantityFormat
{
    /// <summary>No suffix or a decimal SI suffix: n, u, m, k, M, G, T, P, E.</summary>
    DecimalSI,

    /// <summary>A binary SI suffix: Ki, Mi, Gi, Ti, Pi, Ei.</summary>
    BinarySI,

    /// <summary>A decimal exponent: 1e3, 5E-2.</summary>
    DecimalExponent,
}
