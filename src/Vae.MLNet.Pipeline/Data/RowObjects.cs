namespace Vae.MLNet.Pipeline.Data;

/// <summary>Fills user objects from a view's rows (see <see cref="DataOperationsCatalog.CreateEnumerable{TRow}"/>).</summary>
internal static class RowObjects
{
    public static IEnumerable<TRow> Create<TRow>(IDataView data, RowClassMapping<TRow> mapping) where TRow : class, new()
    {
        var members = mapping.Members.Where(m => m.Set is not null).ToArray();
        var columns = members.Select(m => SchemaCheck.Require(data.Schema, m.Column, $"column of {m.MemberName}", m.Type)).ToArray();
        return Rows(data, members, columns);
    }

    private static IEnumerable<TRow> Rows<TRow>(IDataView data, RowClassMapping<TRow>.Member[] members, DataViewSchema.Column[] columns)
        where TRow : class, new()
    {
        foreach (var batch in RowBatches.Read(data, columns.Select(c => c.Index)))
            for (int i = 0; i < batch.Count; i++)
            {
                var row = new TRow();
                for (int m = 0; m < members.Length; m++) members[m].Set!(row, Value(batch, columns[m], i));
                yield return row;
            }
    }

    private static object Value(RowBatch batch, DataViewSchema.Column column, int row) => column.Type switch
    {
        VectorDataViewType v => batch.Floats(column.Index).AsSpan(row * v.Size, v.Size).ToArray(),
        _ when column.Type == NumberDataViewType.Int32 => batch.Ints(column.Index)[row],
        _ => batch.Floats(column.Index)[row],
    };
}
