namespace Vae.MLNet.Pipeline.Data;

/// <summary>
/// Base of every view in this library: the data is produced in <see cref="RowBatch"/>es of at most a
/// given size, and a row cursor walks them. Readers that want whole batches (a featurizer scoring
/// 256 images in one ONNX Runtime call, a trainer gathering features) use <see cref="ReadBatches"/>
/// directly, through <see cref="RowBatches.Read"/>.
/// </summary>
public abstract class BatchDataView : IDataView
{
    /// <summary>Rows per batch a row cursor asks for.</summary>
    public const int DefaultBatchSize = 256;

    /// <summary>Sets the schema.</summary>
    protected BatchDataView(DataViewSchema schema) => Schema = schema;

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <inheritdoc />
    public bool CanShuffle => false;

    /// <inheritdoc />
    public abstract long? GetRowCount();

    /// <summary>
    /// Produces the rows in order, in batches of at most <paramref name="batchSize"/> rows holding
    /// (at least) the columns <paramref name="columns"/> (schema indices). Each enumeration reads anew.
    /// </summary>
    public abstract IEnumerable<RowBatch> ReadBatches(IReadOnlySet<int> columns, int batchSize);

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new BatchRowCursor(Schema, ReadBatches(columnsNeeded.Select(c => c.Index).ToHashSet(), DefaultBatchSize));
}

/// <summary>A row cursor over a sequence of batches.</summary>
internal sealed class BatchRowCursor(DataViewSchema schema, IEnumerable<RowBatch> batches) : DataViewRowCursor
{
    private readonly IEnumerator<RowBatch> _batches = batches.GetEnumerator();
    private RowBatch? _batch;
    private int _row = -1;
    private long _position = -1;

    public override DataViewSchema Schema => schema;

    public override long Position => _position;

    public override bool MoveNext()
    {
        while (_batch is null || ++_row >= _batch.Count)
        {
            if (!_batches.MoveNext()) return false;
            (_batch, _row) = (_batches.Current, -1);
        }
        _position++;
        return true;
    }

    public override bool IsColumnActive(DataViewSchema.Column column) => _batch?.Has(column.Index) ?? true;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        var type = schema[column.Index].Type;
        if (typeof(TValue) != type.RawType)
            throw new InvalidOperationException($"column '{column.Name}' is {type}; read it as {type.RawType.Name}, not {typeof(TValue).Name}.");
        Delegate getter = type switch
        {
            VectorDataViewType v => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
            {
                var target = value.Buffer is { } b && b.Length >= v.Size ? b : new float[v.Size];
                Current.Floats(column.Index).AsSpan(_row * v.Size, v.Size).CopyTo(target);
                value = new VBuffer<float>(v.Size, target);
            }),
            _ when type == NumberDataViewType.Int32 => (ValueGetter<int>)((ref int value) => value = Current.Ints(column.Index)[_row]),
            _ => (ValueGetter<float>)((ref float value) => value = Current.Floats(column.Index)[_row]),
        };
        return (ValueGetter<TValue>)getter;
    }

    private RowBatch Current => _batch ?? throw new InvalidOperationException("the cursor is not on a row; call MoveNext first.");

    protected override void Dispose(bool disposing) => _batches.Dispose();
}
