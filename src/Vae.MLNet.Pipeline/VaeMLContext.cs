namespace Vae.MLNet.Pipeline;

/// <summary>
/// The entry point of the pipeline API, as ML.NET's <c>MLContext</c>: catalogs of data loading,
/// transforms, trainers, evaluation and model persistence. Components in other assemblies add
/// themselves to the catalogs as extension methods (e.g. <c>Transforms.VaeFeaturizer</c> in
/// Vae.MLNet.Featurizer, <c>MulticlassClassification.Trainers.XGBoost</c> in Vae.MLNet.XGBoost).
/// </summary>
public sealed class VaeMLContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="seed">Seed of every component that draws random numbers and is not given its own (VAE training, gradient boosting); null: 0.</param>
    public VaeMLContext(int? seed = null)
    {
        Seed = seed;
        Data = new DataOperationsCatalog(this);
        Transforms = new TransformsCatalog(this);
        MulticlassClassification = new MulticlassClassificationCatalog(this);
        Clustering = new ClusteringCatalog(this);
        Model = new ModelOperationsCatalog(this);
    }

    /// <summary>The seed given to the constructor.</summary>
    public int? Seed { get; }

    /// <summary>The seed components use when not given one: <see cref="Seed"/> or 0.</summary>
    public int EffectiveSeed => Seed ?? 0;

    /// <summary>Loading, slicing and converting data.</summary>
    public DataOperationsCatalog Data { get; }

    /// <summary>Transforms (featurizers).</summary>
    public TransformsCatalog Transforms { get; }

    /// <summary>Multiclass trainers and their evaluation.</summary>
    public MulticlassClassificationCatalog MulticlassClassification { get; }

    /// <summary>Evaluation of how well feature vectors separate labelled classes.</summary>
    public ClusteringCatalog Clustering { get; }

    /// <summary>Saving and loading fitted models.</summary>
    public ModelOperationsCatalog Model { get; }
}

/// <summary>Base of the catalogs: gives extension methods the context (its seed).</summary>
public abstract class CatalogBase
{
    private protected CatalogBase(VaeMLContext context) => Context = context;

    /// <summary>The context this catalog belongs to.</summary>
    public VaeMLContext Context { get; }
}

/// <summary>Transforms; the VAE featurizer adds itself here (Vae.MLNet.Featurizer).</summary>
public sealed class TransformsCatalog : CatalogBase
{
    internal TransformsCatalog(VaeMLContext context) : base(context) { }
}
