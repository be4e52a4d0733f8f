namespace Vae.MLNet.Pipeline.Data;

/// <summary>Reads a column value into <paramref name="value"/> (ML.NET's getter delegate).</summary>
public delegate void ValueGetter<TValue>(ref TValue value);

/// <summary>
/// A lazily evaluated table with a schema, as ML.NET's <c>IDataView</c>: nothing is read or computed
/// until a cursor moves. Every view in this library reads in batches underneath (see
/// <see cref="BatchDataView"/>), so a dataset larger than memory can be transformed.
/// </summary>
public interface IDataView
{
    /// <summary>The columns.</summary>
    DataViewSchema Schema { get; }

    /// <summary>False: views are read in order.</summary>
    bool CanShuffle { get; }

    /// <summary>The row count when known without reading the data (e.g. from an IDX header); else null.</summary>
    long? GetRowCount();

    /// <summary>A cursor over the rows that can read <paramref name="columnsNeeded"/>.</summary>
    /// <param name="columnsNeeded">Columns whose getters will be asked for; others are not computed.</param>
    /// <param name="rand">Ignored (views are not shuffled).</param>
    DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null);
}

/// <summary>A forward-only position over a view's rows, as ML.NET's <c>DataViewRowCursor</c>.</summary>
public abstract class DataViewRowCursor : IDisposable
{
    /// <summary>The view's schema.</summary>
    public abstract DataViewSchema Schema { get; }

    /// <summary>Index of the current row; −1 before the first <see cref="MoveNext"/>.</summary>
    public abstract long Position { get; }

    /// <summary>Moves to the next row; false at the end.</summary>
    public abstract bool MoveNext();

    /// <summary>True if the column was asked for when the cursor was made.</summary>
    public abstract bool IsColumnActive(DataViewSchema.Column column);

    /// <summary>A getter of the column's value in the current row.</summary>
    /// <typeparam name="TValue"><c>float</c> for Single, <c>int</c> for Int32, <c>VBuffer&lt;float&gt;</c> for vectors.</typeparam>
    /// <exception cref="InvalidOperationException">The column is not active, or TValue is not its raw type.</exception>
    public abstract ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column);

    /// <summary>Releases files and buffers.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources.</summary>
    protected virtual void Dispose(bool disposing) { }
}
