namespace Vae.MLNet.Models;

/// <summary>One enum's names as text, in one place: the name of each value and the value of a name (case-insensitive).</summary>
/// <typeparam name="T">The enum.</typeparam>
internal sealed class EnumNames<T>(params (T Value, string Name)[] names)
    where T : struct, Enum
{
    /// <summary>The name of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value without a name (not defined by the enum).</exception>
    public string Name(T value)
    {
        foreach (var (v, name) in names)
            if (EqualityComparer<T>.Default.Equals(v, value))
                return name;
        throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(T).Name} {value} has no name; expected {List}.");
    }

    /// <summary>The value named <paramref name="text"/> (case-insensitive), or false.</summary>
    public bool TryParse(string? text, out T value)
    {
        foreach (var (v, name) in names)
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        value = names[0].Value;
        return false;
    }

    /// <summary>The names, as a message lists them: "a or b".</summary>
    public string List => string.Join(" or ", names.Select(n => n.Name));
}
