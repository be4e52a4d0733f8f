namespace Vae.MLNet.Pipeline.Data;

/// <summary>
/// The value of a vector column, as ML.NET's <c>VBuffer&lt;T&gt;</c> (dense only here): <see cref="Length"/>
/// items. A getter may reuse the array of the buffer passed to it, so copy values you keep.
/// </summary>
/// <typeparam name="T">Item type (float).</typeparam>
public readonly struct VBuffer<T>
{
    private readonly T[]? _values;

    /// <summary>Wraps the first <paramref name="length"/> items of <paramref name="values"/> (not copied).</summary>
    /// <exception cref="ArgumentException">values is shorter than length.</exception>
    public VBuffer(int length, T[] values)
    {
        if (values.Length < length) throw new ArgumentException($"values has {values.Length} items; length is {length}.", nameof(values));
        Length = length;
        _values = values;
    }

    /// <summary>Number of items.</summary>
    public int Length { get; }

    /// <summary>Always true: this library stores vectors densely.</summary>
    public bool IsDense => true;

    /// <summary>The items.</summary>
    public ReadOnlySpan<T> GetValues() => _values.AsSpan(0, Length);

    /// <summary>The items, enumerated (ML.NET's <c>DenseValues()</c>).</summary>
    public IEnumerable<T> DenseValues() => (_values ?? []).Take(Length);

    /// <summary>The backing array, for a getter to reuse when it is large enough.</summary>
    internal T[]? Buffer => _values;
}
