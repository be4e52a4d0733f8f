using Vae.MLNet.Pipeline.Data;
using Vae.MLNet.Pipeline.Persistence;

namespace Vae.MLNet.Pipeline.Transforms;

/// <summary>
/// Base of transformers that add columns computed batch by batch from input columns (a featurizer,
/// a classifier's scores). <see cref="Transform"/> binds the input columns at once (schema errors
/// before any work) and returns a lazy view; the computation runs only for batches a cursor reads,
/// and only when one of the added columns is asked for.
/// </summary>
public abstract class RowMappingTransformer : ITransformer
{
    /// <summary>The component's name, for error messages (e.g. "VaeFeaturizer").</summary>
    protected abstract string ComponentName { get; }

    /// <summary>The columns this transformer adds (name, type, slot labels), in order.</summary>
    public abstract IReadOnlyList<(string Name, DataViewType Type, IReadOnlyList<int>? SlotLabels)> OutputColumns { get; }

    /// <summary>Finds and checks the input columns this transformer reads.</summary>
    /// <exception cref="SchemaMismatchException">A column is missing or of the wrong type.</exception>
    protected abstract IReadOnlyList<DataViewSchema.Column> BindInputs(DataViewSchema inputSchema);

    /// <summary>
    /// Computes the added columns for one batch: for each output column i (in <see cref="OutputColumns"/>
    /// order) an array in <see cref="RowBatch"/> layout when <paramref name="wanted"/>[i], else null.
    /// </summary>
    /// <param name="batch">The input batch; holds the columns of <paramref name="inputs"/>.</param>
    /// <param name="inputs">The bound input columns (as <see cref="BindInputs"/> returned them).</param>
    /// <param name="wanted">Which output columns a reader asked for.</param>
    protected abstract Array?[] Map(RowBatch batch, IReadOnlyList<DataViewSchema.Column> inputs, bool[] wanted);

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        BindInputs(inputSchema);
        return inputSchema.With(OutputColumns);
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => new MappedDataView(this, input, BindInputs(input.Schema));

    /// <inheritdoc />
    public abstract void Save(ModelSaveContext context);

    /// <summary>The lazy output of <see cref="Transform"/>.</summary>
    private sealed class MappedDataView(RowMappingTransformer owner, IDataView input, IReadOnlyList<DataViewSchema.Column> inputs)
        : BatchDataView(input.Schema.With(owner.OutputColumns))
    {
        public override long? GetRowCount() => input.GetRowCount();

        public override IEnumerable<RowBatch> ReadBatches(IReadOnlySet<int> columns, int batchSize)
        {
            var outputs = owner.OutputColumns;
            int firstOutput = Schema.Count - outputs.Count; // outputs are appended last
            var wanted = Enumerable.Range(0, outputs.Count).Select(i => columns.Contains(firstOutput + i)).ToArray();
            var passThrough = columns.Where(c => c < firstOutput).Select(c => (Output: c, Input: input.Schema[Schema[c].Name].Index)).ToArray();
            var upstream = passThrough.Select(p => p.Input).ToHashSet();
            if (wanted.Any(w => w)) upstream.UnionWith(inputs.Select(c => c.Index));
            foreach (var batch in RowBatches.Read(input, upstream, batchSize))
            {
                var result = new RowBatch(Schema, batch.Count);
                foreach (var (output, inputIndex) in passThrough) result.Set(output, batch.Raw(inputIndex)!);
                if (wanted.Any(w => w))
                {
                    var computed = owner.Map(batch, inputs, wanted);
                    for (int i = 0; i < computed.Length; i++)
                        if (wanted[i]) result.Set(firstOutput + i, computed[i]!);
                }
                yield return result;
            }
        }
    }
}
