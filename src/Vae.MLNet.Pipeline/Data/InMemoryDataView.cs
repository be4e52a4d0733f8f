namespace Vae.MLNet.Pipeline.Data;

/// <summary>Rows held in memory as batches (see <see cref="DataOperationsCatalog.Cache"/>).</summary>
internal sealed class InMemoryDataView : BatchDataView
{
    private readonly IReadOnlyList<RowBatch> _batches;

    private InMemoryDataView(DataViewSchema schema, IReadOnlyList<RowBatch> batches) : base(schema) => _batches = batches;

    public static InMemoryDataView From(IDataView input) =>
        new(input.Schema, RowBatches.Read(input, Enumerable.Range(0, input.Schema.Count), 4096).ToList());

    public override long? GetRowCount() => _batches.Sum(b => (long)b.Count);

    public override IEnumerable<RowBatch> ReadBatches(IReadOnlySet<int> columns, int batchSize)
    {
        foreach (var batch in _batches)
            for (int start = 0; start < batch.Count; start += batchSize)
                yield return start == 0 && batch.Count <= batchSize ? batch : batch.Slice(start, Math.Min(batchSize, batch.Count - start));
    }
}
