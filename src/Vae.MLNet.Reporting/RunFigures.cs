using Vae.MLNet.Evaluation;
using Vae.MLNet.Runs;
using Vae.MLNet.Scoring;

namespace Vae.MLNet.Reporting;

/// <summary>A classifier's test figures on a model's latent means.</summary>
public sealed record ClassifierFigure(string Classifier, double Accuracy, double MacroF1);

/// <summary>A PNG picture and what it shows.</summary>
public sealed record Picture(string Name, byte[] Png, string Caption);

/// <summary>A 2-D projection of test latent means: [n, 2] coordinates and each point's label.</summary>
public sealed record Projection2D(string Method, float[] Points, int[] Labels, string XTitle, string YTitle);

/// <summary>Everything a report shows about one run (see <see cref="RunAnalysis"/>).</summary>
public sealed record RunFigures
{
    /// <summary>The run folder.</summary>
    public required string RunDirectory { get; init; }

    /// <summary>Its options.json: the hyperparameters.</summary>
    public required TrainingOptions Options { get; init; }

    /// <summary>Its options.json: the data it trained on.</summary>
    public required DatasetOptions Dataset { get; init; }

    /// <summary>Its result.json (per-epoch metrics and test figures); null if the run has not finished.</summary>
    public TrainingResult? Result { get; init; }

    /// <summary>Class names of the dataset.</summary>
    public required Func<int, string> LabelName { get; init; }

    /// <summary>−ELBO, its terms and the importance-weighted bound on test images, from the ONNX files.</summary>
    public required LikelihoodEstimate Likelihood { get; init; }

    /// <summary>Image grids: reconstructions, prior samples, class centroids, latent traversal.</summary>
    public required IReadOnlyList<Picture> Pictures { get; init; }

    /// <summary>The class of each tile of the decoded-centroids picture, left to right.</summary>
    public int[] CentroidLabels { get; init; } = [];

    /// <summary>Active units and KL per latent dimension over the test images.</summary>
    public required LatentUnitStats LatentUnits { get; init; }

    /// <summary>How many test images the test-set figures use.</summary>
    public int TestImages { get; init; }

    /// <summary>Silhouette of the test latent means (null in a light analysis).</summary>
    public SilhouetteResult? Silhouette { get; init; }

    /// <summary>Labels of the points the silhouette covers.</summary>
    public int[] SilhouetteLabels { get; init; } = [];

    /// <summary>PCA and t-SNE projections (empty in a light analysis, or for d = 1).</summary>
    public IReadOnlyList<Projection2D> Projections { get; init; } = [];

    /// <summary>The latent means μ [n, d] the projections are made of (UMAP runs on them in the page).</summary>
    public float[] ProjectionLatents { get; init; } = [];

    /// <summary>Classifier accuracies (empty in a light analysis).</summary>
    public IReadOnlyList<ClassifierFigure> Classifiers { get; init; } = [];

    /// <summary>The latent means against PCA-d and the raw pixels through the same classifiers (null in a light analysis).</summary>
    public FeatureComparisonMetrics? Baselines { get; init; }

    /// <summary>How many training images' latent means trained the classifiers (the first ones of the split).</summary>
    public int ClassifierTrainImages { get; init; }

    /// <summary>Sections that could not be computed on this run's data, each with why (e.g. a test split of one class).</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];

    /// <summary>Epochs in metrics.json: how far an unfinished run (<see cref="Result"/> null) came.</summary>
    public int EpochsDone { get; init; }

    /// <summary>A short name: "conv VAE, d = 10, β = 1", with ", unfinished (epoch 2 of 5)" for a run without result.json.</summary>
    public string Title =>
        $"{Options.Preset} {(Options.Kind == Models.ModelKind.Variational ? "VAE" : "AE")}, d = {Options.LatentSize}"
        + (Options.Kind == Models.ModelKind.Variational ? $", β = {Options.Beta:G4}" : "")
        + (Result is null ? $", unfinished (epoch {EpochsDone} of {Options.EpochsText(null)})" : "");
}
