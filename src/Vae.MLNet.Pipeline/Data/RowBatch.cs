namespace Vae.MLNet.Pipeline.Data;

/// <summary>
/// A block of consecutive rows, column by column: a Single column is a <c>float[Count]</c>, an Int32
/// column an <c>int[Count]</c>, a <c>Vector&lt;Single, n&gt;</c> column a row-major <c>float[Count × n]</c>.
/// Only the columns a reader asked for are present (others are null).
/// </summary>
public sealed class RowBatch
{
    private readonly Array?[] _columns;

    /// <summary>An empty batch of <paramref name="count"/> rows over <paramref name="schema"/>; fill it with <see cref="Set"/>.</summary>
    public RowBatch(DataViewSchema schema, int count)
    {
        Schema = schema;
        Count = count;
        _columns = new Array?[schema.Count];
    }

    /// <summary>The schema the column indices refer to.</summary>
    public DataViewSchema Schema { get; }

    /// <summary>Rows in this batch.</summary>
    public int Count { get; }

    /// <summary>Stores a column's values.</summary>
    /// <exception cref="ArgumentException">The array's element type or length does not fit the column's type.</exception>
    public void Set(int column, Array values)
    {
        var type = Schema[column].Type;
        long expected = Count * (long)Width(type);
        bool fits = type == NumberDataViewType.Int32 ? values is int[] : values is float[];
        if (!fits || values.Length != expected)
            throw new ArgumentException($"column '{Schema[column].Name}' ({type}) needs {expected} {(type == NumberDataViewType.Int32 ? "int" : "float")} values; got {values.Length} {values.GetType().GetElementType()?.Name}.");
        _columns[column] = values;
    }

    /// <summary>True if the column is present.</summary>
    public bool Has(int column) => _columns[column] is not null;

    /// <summary>A float column (Single or vector), row-major.</summary>
    /// <exception cref="InvalidOperationException">Absent or not float.</exception>
    public float[] Floats(int column) => _columns[column] as float[] ?? throw Missing(column, "float");

    /// <summary>An Int32 column.</summary>
    /// <exception cref="InvalidOperationException">Absent or not Int32.</exception>
    public int[] Ints(int column) => _columns[column] as int[] ?? throw Missing(column, "Int32");

    /// <summary>The values of a column as stored (shared, not copied).</summary>
    public Array? Raw(int column) => _columns[column];

    /// <summary>Items per row of a type: the vector size, or 1 for a scalar.</summary>
    public static int Width(DataViewType type) => type is VectorDataViewType v ? v.Size : 1;

    /// <summary>Rows [start, start + count) of this batch, as a new batch (arrays copied).</summary>
    public RowBatch Slice(int start, int count)
    {
        var slice = new RowBatch(Schema, count);
        for (int c = 0; c < _columns.Length; c++)
        {
            if (_columns[c] is not { } values) continue;
            int width = Width(Schema[c].Type);
            var copy = Array.CreateInstance(values.GetType().GetElementType()!, count * width);
            Array.Copy(values, start * width, copy, 0, count * width);
            slice._columns[c] = copy;
        }
        return slice;
    }

    private InvalidOperationException Missing(int column, string kind) =>
        new($"column '{Schema[column].Name}' ({Schema[column].Type}) was not read as {kind} in this batch; ask for it in the cursor's columns.");
}
