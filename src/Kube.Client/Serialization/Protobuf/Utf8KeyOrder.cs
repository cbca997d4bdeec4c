using System;
using System.Collections.Generic;

namespace Kube.Client.Serialization.Protobuf;

/// <summary>
/// Orders map keys as Go sorts them before writing a map: by their UTF-8 bytes, which is code point
/// order. Ordinal UTF-16 order agrees except for characters beyond U+FFFF against U+E000..U+FFFF.
/// </summary>
internal sealed class Utf8KeyOrder : IComparer<string>
{
    public static readonly Utf8KeyOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int n = Math.Min(x.Length, y.Length);
        for (int i = 0; i < n; i++)
        {
            char a = x[i], b = y[i];
            if (a == b) continue;
            return Weight(a).CompareTo(Weight(b));
        }
        return x.Length.CompareTo(y.Length);
    }

    /// <summary>The keys of a map in the order they are written.</summary>
    public static string[] SortedKeys<TValue>(IDictionary<string, TValue> map)
    {
        var keys = new string[map.Count];
        map.Keys.CopyTo(keys, 0);
        if (keys.Length > 1) Array.Sort(keys, Instance);
        return keys;
    }

    // Surrogates (supplementary code points) sort after every BMP character.
    private static int Weight(char c) => c >= 0xD800 && c <= 0xDFFF ? c + 0x2000 : c >= 0xE000 ? c - 0x800 : c;
}
