namespace Vae.MLNet.Pipeline.Data;

/// <summary>
/// The columns of a data view, in order, as ML.NET's <c>DataViewSchema</c>. Names are unique
/// (a transform that writes a column of an existing name replaces it).
/// </summary>
public sealed class DataViewSchema : IReadOnlyList<DataViewSchema.Column>
{
    private readonly Column[] _columns;

    /// <summary>One column.</summary>
    /// <param name="Name">Column name.</param>
    /// <param name="Index">Position in the schema.</param>
    /// <param name="Type">Value type.</param>
    /// <param name="SlotLabels">For a classifier's <c>Score</c> vector: the class label of each slot; otherwise null.</param>
    public sealed record Column(string Name, int Index, DataViewType Type, IReadOnlyList<int>? SlotLabels = null)
    {
        /// <inheritdoc />
        public override string ToString() => $"{Name}: {Type}";
    }

    /// <summary>Builds a schema from (name, type) pairs.</summary>
    /// <exception cref="ArgumentException">Two columns share a name.</exception>
    public DataViewSchema(IEnumerable<(string Name, DataViewType Type, IReadOnlyList<int>? SlotLabels)> columns)
    {
        _columns = columns.Select((c, i) => new Column(c.Name, i, c.Type, c.SlotLabels)).ToArray();
        var duplicate = _columns.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"the schema names column '{duplicate.Key}' twice.");
    }

    /// <summary>Builds a schema from (name, type) pairs.</summary>
    public DataViewSchema(params (string Name, DataViewType Type)[] columns) : this(columns.Select(c => (c.Name, c.Type, (IReadOnlyList<int>?)null))) { }

    /// <summary>Column count.</summary>
    public int Count => _columns.Length;

    /// <summary>The column at an index.</summary>
    public Column this[int index] => _columns[index];

    /// <summary>The column of a name.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such column (the message lists the schema).</exception>
    public Column this[string name] => GetColumnOrNull(name)
        ?? throw new ArgumentOutOfRangeException(nameof(name), $"column '{name}' not found; the schema is: {this}.");

    /// <summary>The column of a name, or null.</summary>
    public Column? GetColumnOrNull(string name) => Array.Find(_columns, c => c.Name == name);

    /// <summary>This schema with <paramref name="added"/> appended; an existing column of the same name is dropped.</summary>
    public DataViewSchema With(IEnumerable<(string Name, DataViewType Type, IReadOnlyList<int>? SlotLabels)> added)
    {
        var list = added.ToList();
        var names = list.Select(a => a.Name).ToHashSet();
        return new DataViewSchema(_columns.Where(c => !names.Contains(c.Name)).Select(c => (c.Name, c.Type, c.SlotLabels)).Concat(list));
    }

    /// <inheritdoc />
    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>"Name: Type, …".</summary>
    public override string ToString() => string.Join(", ", _columns.Select(c => c.ToString()));
}
