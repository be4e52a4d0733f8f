namespace Vae.MLNet.Pipeline.Data;

/// <summary>Rows held in memory as batches (see <see cref="DataOperationsCatalog.Cache"/>).</summary>
internal sealed class InMemoryDataView : BatchDataView
{
    private readonly IReadOnlyList<RowBatch> _batches;

    private InMemoryDataView(DataViewSchema schema, IReadOnlyList<RowBatch> batches) : base(schema) => _batches = batches;

    public static InMemoryDataView From(IDataView input, IReadOnlyList<string> columnNames)
    {
        var columns = columnNames.Count == 0 ? input.Schema.ToList()
            : columnNames.Select(name => SchemaCheck.Require(input.Schema, name, "column to cache", _ => true, "any type")).ToList();
        var schema = new DataViewSchema(columns.Select(c => (c.Name, c.Type, c.SlotLabels)));
        var batches = RowBatches.Read(input, columns.Select(c => c.Index), 4096).Select(b =>
        {
            var kept = new RowBatch(schema, b.Count);
            for (int i = 0; i < columns.Count; i++) kept.Set(i, b.Raw(columns[i].Index)!);
            return kept;
        });
        return new InMemoryDataView(schema, batches.ToList());
    }

    public override long? GetRowCount() => _batches.Sum(b => (long)b.Count);

    public override IEnumerable<RowBatch> ReadBatches(IReadOnlySet<int> columns, int batchSize)
    {
        foreach (var batch in _batches)
            for (int start = 0; start < batch.Count; start += batchSize)
                yield return start == 0 && batch.Count <= batchSize ? batch : batch.Slice(start, Math.Min(batchSize, batch.Count - start));
    }
}
