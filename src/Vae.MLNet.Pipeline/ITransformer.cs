using Vae.MLNet.Pipeline.Data;
using Vae.MLNet.Pipeline.Persistence;

namespace Vae.MLNet.Pipeline;

/// <summary>
/// A fitted component, as ML.NET's <c>ITransformer</c>: <see cref="Transform"/> checks the input
/// schema at once and returns a lazy view (nothing is computed until a cursor reads it).
/// </summary>
public interface ITransformer
{
    /// <summary>True: every transformer here maps rows one to one.</summary>
    bool IsRowToRowMapper { get; }

    /// <summary>The schema <see cref="Transform"/> would give for an input of <paramref name="inputSchema"/>.</summary>
    /// <exception cref="SchemaMismatchException">An input column is missing or of the wrong type.</exception>
    DataViewSchema GetOutputSchema(DataViewSchema inputSchema);

    /// <summary>A lazy view of <paramref name="input"/> with this transformer's columns added.</summary>
    /// <exception cref="SchemaMismatchException">An input column is missing or of the wrong type (checked before any work).</exception>
    IDataView Transform(IDataView input);

    /// <summary>Writes what <see cref="ModelOperationsCatalog.Load"/> needs to rebuild this transformer.</summary>
    /// <remarks>A transformer type must also have <c>public static T Load(ModelLoadContext)</c>.</remarks>
    void Save(ModelSaveContext context);
}

/// <summary>An untrained component, as ML.NET's <c>IEstimator&lt;TTransformer&gt;</c>.</summary>
/// <typeparam name="TTransformer">What <see cref="Fit"/> returns.</typeparam>
public interface IEstimator<out TTransformer> where TTransformer : ITransformer
{
    /// <summary>Trains on <paramref name="input"/>.</summary>
    /// <exception cref="SchemaMismatchException">An input column is missing or of the wrong type (checked before training).</exception>
    TTransformer Fit(IDataView input);

    /// <summary>The schema the fitted transformer will give for an input of <paramref name="inputSchema"/>.</summary>
    /// <exception cref="SchemaMismatchException">An input column is missing or of the wrong type.</exception>
    DataViewSchema GetOutputSchema(DataViewSchema inputSchema);
}
