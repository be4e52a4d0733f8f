namespace Vae.MLNet.Pipeline.Data;

/// <summary>
/// The type of a data-view column, as ML.NET's <c>DataViewType</c>: a scalar
/// (<see cref="NumberDataViewType"/>) or a fixed-size vector of float32 (<see cref="VectorDataViewType"/>).
/// Types compare by value; <see cref="ToString"/> gives ML.NET's spelling (<c>Single</c>, <c>Int32</c>,
/// <c>Vector&lt;Single, 784&gt;</c>), which is also how a saved model records its input schema.
/// </summary>
public abstract class DataViewType : IEquatable<DataViewType>
{
    private protected DataViewType(Type rawType) => RawType = rawType;

    /// <summary>The .NET type a getter of this column yields (<c>float</c>, <c>int</c>, <c>VBuffer&lt;float&gt;</c>).</summary>
    public Type RawType { get; }

    /// <inheritdoc />
    public abstract bool Equals(DataViewType? other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DataViewType t && Equals(t);

    /// <summary>ML.NET's spelling of the type.</summary>
    public abstract override string ToString();

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    /// <summary>Parses the text <see cref="ToString"/> writes.</summary>
    /// <exception cref="FormatException">Not a type this library knows.</exception>
    public static DataViewType Parse(string text)
    {
        text = text.Trim();
        if (text == "Single") return NumberDataViewType.Single;
        if (text == "Int32") return NumberDataViewType.Int32;
        const string prefix = "Vector<Single, ";
        if (text == "Vector<Single>") return new VectorDataViewType(NumberDataViewType.Single);
        if (text.StartsWith(prefix, StringComparison.Ordinal) && text.EndsWith('>')
            && int.TryParse(text.AsSpan(prefix.Length, text.Length - prefix.Length - 1), out int size) && size > 0)
            return new VectorDataViewType(NumberDataViewType.Single, size);
        throw new FormatException($"'{text}' is not a column type; expected Single, Int32 or Vector<Single, N>.");
    }
}

/// <summary>A scalar column type: float32 (<see cref="Single"/>) or int32 (<see cref="Int32"/>, e.g. class labels).</summary>
public sealed class NumberDataViewType : DataViewType
{
    private readonly string _name;

    private NumberDataViewType(Type rawType, string name) : base(rawType) => _name = name;

    /// <summary>float32.</summary>
    public static NumberDataViewType Single { get; } = new(typeof(float), "Single");

    /// <summary>int32.</summary>
    public static NumberDataViewType Int32 { get; } = new(typeof(int), "Int32");

    /// <inheritdoc />
    public override bool Equals(DataViewType? other) => ReferenceEquals(this, other);

    /// <inheritdoc />
    public override string ToString() => _name;
}

/// <summary>
/// A fixed-size vector column of float32 (e.g. an image <c>Vector&lt;Single, 784&gt;</c> holding
/// [1, 28, 28] row-major, or a latent mean μ <c>Vector&lt;Single, d&gt;</c>). Getters yield <see cref="VBuffer{T}"/>.
/// Size 0 means "not known yet", as in ML.NET: an estimator's output schema uses it for a vector whose
/// size only training decides (a classifier's scores, one per class); data never has it.
/// </summary>
public sealed class VectorDataViewType : DataViewType
{
    /// <summary>A vector of <paramref name="size"/> items.</summary>
    /// <exception cref="ArgumentException">The item type is not float32, or size &lt; 0.</exception>
    public VectorDataViewType(NumberDataViewType itemType, int size = 0) : base(typeof(VBuffer<float>))
    {
        if (itemType != NumberDataViewType.Single) throw new ArgumentException($"vector items must be Single; got {itemType}.", nameof(itemType));
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ItemType = itemType;
        Size = size;
    }

    /// <summary>The item type (float32).</summary>
    public NumberDataViewType ItemType { get; }

    /// <summary>Items per row; 0 when not known yet.</summary>
    public int Size { get; }

    /// <summary>True when <see cref="Size"/> is known.</summary>
    public bool IsKnownSize => Size > 0;

    /// <inheritdoc />
    public override bool Equals(DataViewType? other) => other is VectorDataViewType v && v.Size == Size;

    /// <inheritdoc />
    public override string ToString() => IsKnownSize ? $"Vector<{ItemType}, {Size}>" : $"Vector<{ItemType}>";
}
