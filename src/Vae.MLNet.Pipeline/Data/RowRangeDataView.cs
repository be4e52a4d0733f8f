namespace Vae.MLNet.Pipeline.Data;

/// <summary>Rows [skip, skip + take) of another view, read lazily (ML.NET's SkipRows / TakeRows).</summary>
internal sealed class RowRangeDataView(IDataView source, long skip, long take) : BatchDataView(source.Schema)
{
    public override long? GetRowCount() => source.GetRowCount() is { } n ? Math.Clamp(n - skip, 0, take) : null;

    public override IEnumerable<RowBatch> ReadBatches(IReadOnlySet<int> columns, int batchSize)
    {
        long position = 0, end = take > long.MaxValue - skip ? long.MaxValue : skip + take;
        foreach (var batch in RowBatches.Read(source, columns, batchSize))
        {
            long first = Math.Max(position, skip), last = Math.Min(position + batch.Count, end);
            if (last > first)
                yield return first == position && last == position + batch.Count ? batch : batch.Slice((int)(first - position), (int)(last - first));
            position += batch.Count;
            if (position >= end) yield break;
        }
    }
}
