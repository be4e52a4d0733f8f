namespace Vae.MLNet.Pipeline.Data;

/// <summary>Reads any <see cref="IDataView"/> in batches, and whole columns into arrays.</summary>
public static class RowBatches
{
    /// <summary>
    /// The rows of <paramref name="view"/> in batches of at most <paramref name="batchSize"/>, holding
    /// the named columns. A <see cref="BatchDataView"/> is read batch-wise; any other view through its
    /// row cursor (gathered into batches).
    /// </summary>
    /// <exception cref="SchemaMismatchException">A column is missing.</exception>
    public static IEnumerable<RowBatch> Read(IDataView view, IEnumerable<int> columns, int batchSize = BatchDataView.DefaultBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var set = columns.ToHashSet();
        return view is BatchDataView batched ? batched.ReadBatches(set, batchSize) : FromCursor(view, set, batchSize);
    }

    /// <summary>A float column (Single or vector) of every row, row-major [rows, width].</summary>
    /// <exception cref="SchemaMismatchException">No such column, or it is not float.</exception>
    public static (float[] Values, int Width) ReadFloats(IDataView view, string column, string role)
    {
        var c = SchemaCheck.Require(view.Schema, column, role, t => t is VectorDataViewType || t == NumberDataViewType.Single, "Single or Vector<Single, n>");
        int width = RowBatch.Width(c.Type);
        var values = new List<float>();
        foreach (var batch in Read(view, [c.Index])) values.AddRange(batch.Floats(c.Index));
        return (values.ToArray(), width);
    }

    /// <summary>An Int32 column of every row.</summary>
    /// <exception cref="SchemaMismatchException">No such column, or it is not Int32.</exception>
    public static int[] ReadInts(IDataView view, string column, string role)
    {
        var c = SchemaCheck.Require(view.Schema, column, role, NumberDataViewType.Int32);
        var values = new List<int>();
        foreach (var batch in Read(view, [c.Index])) values.AddRange(batch.Ints(c.Index));
        return values.ToArray();
    }

    private static IEnumerable<RowBatch> FromCursor(IDataView view, HashSet<int> columns, int batchSize)
    {
        var schema = view.Schema;
        using var cursor = view.GetRowCursor(columns.Select(i => schema[i]));
        var readers = columns.Select(i => ColumnReader.For(cursor, schema[i])).ToArray();
        while (true)
        {
            int n = 0;
            foreach (var r in readers) r.Reset(batchSize);
            while (n < batchSize && cursor.MoveNext())
            {
                foreach (var r in readers) r.ReadRow(n);
                n++;
            }
            if (n == 0) yield break;
            var batch = new RowBatch(schema, n);
            foreach (var r in readers) batch.Set(r.Index, r.Take(n));
            yield return batch;
            if (n < batchSize) yield break;
        }
    }

    /// <summary>Copies one column's values from a cursor into a batch array.</summary>
    private abstract class ColumnReader(int index, int width)
    {
        public int Index => index;
        protected int Width => width;

        public static ColumnReader For(DataViewRowCursor cursor, DataViewSchema.Column column) => column.Type switch
        {
            VectorDataViewType v => new VectorReader(column.Index, v.Size, cursor.GetGetter<VBuffer<float>>(column)),
            _ when column.Type == NumberDataViewType.Int32 => new ScalarReader<int>(column.Index, cursor.GetGetter<int>(column)),
            _ => new ScalarReader<float>(column.Index, cursor.GetGetter<float>(column)),
        };

        public abstract void Reset(int capacity);
        public abstract void ReadRow(int row);
        public abstract Array Take(int rows);
    }

    private sealed class ScalarReader<T>(int index, ValueGetter<T> getter) : ColumnReader(index, 1)
    {
        private T[] _values = [];
        public override void Reset(int capacity) => _values = new T[capacity];
        public override void ReadRow(int row) => getter(ref _values[row]);
        public override Array Take(int rows) => _values.AsSpan(0, rows).ToArray();
    }

    private sealed class VectorReader(int index, int width, ValueGetter<VBuffer<float>> getter) : ColumnReader(index, width)
    {
        private float[] _values = [];
        private VBuffer<float> _row;
        public override void Reset(int capacity) => _values = new float[capacity * Width];
        public override void ReadRow(int row)
        {
            getter(ref _row);
            if (_row.Length != Width)
                throw new InvalidDataException($"column {Index}: a row has {_row.Length} values; the schema says {Width}.");
            _row.GetValues().CopyTo(_values.AsSpan(row * Width, Width));
        }
        public override Array Take(int rows) => _values.AsSpan(0, rows * Width).ToArray();
    }
}
