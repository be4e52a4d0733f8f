using Vae.MLNet.Pipeline.Data;
using Vae.MLNet.Pipeline.Persistence;

namespace Vae.MLNet.Pipeline;

/// <summary>Estimators applied in order (ML.NET's <c>EstimatorChain</c>): each is fitted on the output of the transformers before it.</summary>
/// <typeparam name="TLastTransformer">The last estimator's transformer type.</typeparam>
public sealed class EstimatorChain<TLastTransformer> : IEstimator<TransformerChain<TLastTransformer>>
    where TLastTransformer : class, ITransformer
{
    private readonly IReadOnlyList<IEstimator<ITransformer>> _estimators;

    internal EstimatorChain(IReadOnlyList<IEstimator<ITransformer>> estimators) => _estimators = estimators;

    /// <summary>This chain with <paramref name="estimator"/> added at the end.</summary>
    public EstimatorChain<TNewTransformer> Append<TNewTransformer>(IEstimator<TNewTransformer> estimator)
        where TNewTransformer : class, ITransformer => new([.. _estimators, estimator]);

    /// <summary>Checks every stage's input schema first, then fits the stages in order.</summary>
    public TransformerChain<TLastTransformer> Fit(IDataView input)
    {
        GetOutputSchema(input.Schema);
        var fitted = new List<ITransformer>();
        var data = input;
        foreach (var estimator in _estimators)
        {
            var transformer = estimator.Fit(data);
            fitted.Add(transformer);
            data = transformer.Transform(data);
        }
        return new TransformerChain<TLastTransformer>(fitted);
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) =>
        _estimators.Aggregate(inputSchema, (schema, e) => e.GetOutputSchema(schema));
}

/// <summary>
/// Fitted transformers applied in order (ML.NET's <c>TransformerChain</c>); saved and loaded as one
/// model file. Disposing the chain disposes the transformers that hold native resources (a VAE
/// featurizer's ONNX Runtime sessions).
/// </summary>
/// <typeparam name="TLastTransformer">The last transformer's type.</typeparam>
public sealed class TransformerChain<TLastTransformer> : ITransformer, IEnumerable<ITransformer>, IDisposable
    where TLastTransformer : class, ITransformer
{
    private readonly IReadOnlyList<ITransformer> _transformers;

    /// <summary>Chains <paramref name="transformers"/> (the last must be a <typeparamref name="TLastTransformer"/>).</summary>
    /// <exception cref="ArgumentException">The list is empty or its last item is of another type.</exception>
    public TransformerChain(IReadOnlyList<ITransformer> transformers)
    {
        if (transformers.Count == 0 || transformers[^1] is not TLastTransformer)
            throw new ArgumentException($"a chain needs at least one transformer, the last a {typeof(TLastTransformer).Name}.");
        _transformers = transformers;
    }

    /// <summary>The last transformer (e.g. the trained classifier).</summary>
    public TLastTransformer LastTransformer => (TLastTransformer)_transformers[^1];

    /// <inheritdoc />
    public bool IsRowToRowMapper => _transformers.All(t => t.IsRowToRowMapper);

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) =>
        _transformers.Aggregate(inputSchema, (schema, t) => t.GetOutputSchema(schema));

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        GetOutputSchema(input.Schema);
        return _transformers.Aggregate(input, (data, t) => t.Transform(data));
    }

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        context.WriteText("count", _transformers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (int i = 0; i < _transformers.Count; i++) context.SaveChild(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _transformers[i]);
    }

    /// <summary>Rebuilds a chain saved by <see cref="Save"/>.</summary>
    public static TransformerChain<TLastTransformer> Load(ModelLoadContext context)
    {
        int count = int.Parse(context.ReadText("count"), System.Globalization.CultureInfo.InvariantCulture);
        return new TransformerChain<TLastTransformer>(Enumerable.Range(0, count)
            .Select(i => context.LoadChild(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray());
    }

    /// <inheritdoc />
    public IEnumerator<ITransformer> GetEnumerator() => _transformers.GetEnumerator();

    /// <summary>Disposes every transformer that is <see cref="IDisposable"/>.</summary>
    public void Dispose()
    {
        foreach (var t in _transformers.OfType<IDisposable>()) t.Dispose();
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Starts chains (ML.NET's <c>LearningPipelineExtensions.Append</c>).</summary>
public static class EstimatorExtensions
{
    /// <summary>A chain of <paramref name="start"/> then <paramref name="estimator"/>.</summary>
    public static EstimatorChain<TTransformer> Append<TTransformer>(this IEstimator<ITransformer> start, IEstimator<TTransformer> estimator)
        where TTransformer : class, ITransformer => new([start, estimator]);
}
