namespace Kube.Client.Labels;

/// <summary>
/// The server's rules for label keys (a qualified name: an optional DNS subdomain prefix and '/',
/// then a name of at most 63 characters) and label values (empty, or a name of at most 63 characters).
/// </summary>
internal static class LabelValidation
{
    private const int MaxNameLength = 63;
    private const int MaxPrefixLength = 253;

    /// <summary>Why <paramref name="key"/> is not a valid label key, or null when it is.</summary>
    public static string? KeyError(string key)
    {
        string name = key;
        int slash = key.IndexOf('/');
        if (slash >= 0)
        {
            if (key.IndexOf('/', slash + 1) >= 0)
                return "a label key has at most one '/', between an optional DNS subdomain prefix and the name (such as \"example.com/my-name\")";
            string prefix = key.Substring(0, slash);
            name = key.Substring(slash + 1);
            if (prefix.Length == 0) return "the prefix before '/' is empty";
            if (prefix.Length > MaxPrefixLength) return $"the prefix before '/' is longer than {MaxPrefixLength} characters";
            if (!IsDnsSubdomain(prefix))
                return "the prefix before '/' must be a DNS subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
        }
        if (name.Length == 0) return "the name part is empty";
        if (name.Length > MaxNameLength) return $"the name part is longer than {MaxNameLength} characters";
        if (!IsName(name))
            return "the name part may hold only letters, digits, '-', '_' and '.', and must start and end with a letter or digit";
        return null;
    }

    /// <summary>Why <paramref name="value"/> is not a valid label value, or null when it is.</summary>
    public static string? ValueError(string value)
    {
        if (value.Length == 0) return null;
        if (value.Length > MaxNameLength) return $"a label value is at most {MaxNameLength} characters";
        if (!IsName(value))
            return "a label value may hold only letters, digits, '-', '_' and '.', and must start and end with a letter or digit";
        return null;
    }

    private static bool IsName(string s)
    {
        if (!IsAlphanumeric(s[0]) || !IsAlphanumeric(s[s.Length - 1])) return false;
        foreach (char c in s)
            if (!IsAlphanumeric(c) && c != '-' && c != '_' && c != '.') return false;
        return true;
    }

    private static bool IsDnsSubdomain(string s)
    {
        foreach (string label in s.Split('.'))
        {
            if (label.Length == 0) return false;
            if (!IsLowerAlphanumeric(label[0]) || !IsLowerAlphanumeric(label[label.Length - 1])) return false;
            foreach (char c in label)
                if (!IsLowerAlphanumeric(c) && c != '-') return false;
        }
        return true;
    }

    private static bool IsAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');

    private static bool IsLowerAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
