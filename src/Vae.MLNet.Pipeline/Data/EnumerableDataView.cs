namespace Vae.MLNet.Pipeline.Data;

/// <summary>
/// A view over an <see cref="IEnumerable{T}"/> of user objects (ML.NET's LoadFromEnumerable): the
/// sequence is enumerated afresh by each cursor, so it may be lazy and larger than memory.
/// </summary>
internal sealed class EnumerableDataView<T>(IEnumerable<T> rows, RowClassMapping<T> mapping) : BatchDataView(mapping.Schema)
    where T : class
{
    public override long? GetRowCount() => rows.TryGetNonEnumeratedCount(out int n) ? n : null;

    public override IEnumerable<RowBatch> ReadBatches(IReadOnlySet<int> columns, int batchSize)
    {
        var chunk = new List<T>(batchSize);
        long row = 0;
        foreach (var item in rows)
        {
            chunk.Add(item ?? throw new InvalidDataException($"row {row} of the {typeof(T).Name} sequence is null."));
            row++;
            if (chunk.Count == batchSize)
            {
                yield return ToBatch(chunk, columns, row - chunk.Count);
                chunk.Clear();
            }
        }
        if (chunk.Count > 0) yield return ToBatch(chunk, columns, row - chunk.Count);
    }

    private RowBatch ToBatch(List<T> chunk, IReadOnlySet<int> columns, long firstRow)
    {
        var batch = new RowBatch(Schema, chunk.Count);
        foreach (int c in columns)
        {
            var member = mapping.Members[c];
            batch.Set(c, member.Type switch
            {
                VectorDataViewType v => Vectors(chunk, member, v.Size, firstRow),
                _ when member.Type == NumberDataViewType.Int32 => chunk.Select(x => (int)member.Get(x)!).ToArray(),
                _ => chunk.Select(x => (float)member.Get(x)!).ToArray(),
            });
        }
        return batch;
    }

    private static float[] Vectors(List<T> chunk, RowClassMapping<T>.Member member, int size, long firstRow)
    {
        var values = new float[chunk.Count * size];
        for (int i = 0; i < chunk.Count; i++)
        {
            var vector = member.Get(chunk[i]) as float[];
            if (vector is null || vector.Length != size)
                throw new InvalidDataException($"row {firstRow + i}: {member.MemberName} has {(vector is null ? "null" : vector.Length + " values")}; [VectorType({size})] needs {size}.");
            vector.CopyTo(values, i * size);
        }
        return values;
    }
}
