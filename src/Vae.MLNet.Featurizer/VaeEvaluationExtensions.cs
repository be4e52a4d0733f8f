using Microsoft.ML;
using Vae.MLNet.Evaluation;
using Vae.MLNet.Models;
using Vae.MLNet.Onnx;
using Vae.MLNet.Scoring;

namespace Vae.MLNet;

/// <summary>How well a latent space separates groups, and how likely a model finds the data.</summary>
public static class VaeEvaluationExtensions
{
    /// <summary>Default samples of z per image for the importance-weighted bound (Burda et al. 2015 use up to 5,000).</summary>
    public const int DefaultLikelihoodSamples = ModelLikelihood.DefaultSamples;

    /// <summary>
    /// The silhouette coefficient of the rows of <paramref name="featureColumnName"/> grouped by
    /// <paramref name="labelColumnName"/> (see <see cref="SilhouetteMetrics"/>). The label may be a
    /// class (a number or text) or a clustering's <c>PredictedLabel</c> key, to score KMeans' clusters.
    /// Exact, O(n²·d): 10,000 rows of d = 10 take about a second on 2 cores.
    /// </summary>
    /// <param name="catalog">The clustering catalog.</param>
    /// <param name="data">Rows with both columns.</param>
    /// <param name="labelColumnName">Groups: Single, Double, integer, key or text.</param>
    /// <param name="featureColumnName">Points: <c>Vector&lt;Single, d&gt;</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of another type (the message names it and
    /// what the data has).</exception>
    /// <exception cref="ArgumentException">A feature is NaN or infinite (the message names the row and dimension),
    /// fewer than 2 groups, or as many groups as rows.</exception>
    public static SilhouetteMetrics EvaluateSilhouette(
        this ClusteringCatalog catalog,
        IDataView data,
        string labelColumnName = "Label",
        string featureColumnName = VaeFeaturizerOptions.DefaultLatentColumnName
    )
    {
        ArgumentNullException.ThrowIfNull(data);
        var features = ColumnCheck.Features(data.Schema, featureColumnName, "EvaluateSilhouette features");
        var label = ColumnCheck.Find(data.Schema, labelColumnName, "EvaluateSilhouette label", "a number, a key or text");
        var (classes, names) = DataViewReader.Labels(data, label, "EvaluateSilhouette label");
        var points = DataViewReader.Floats(data, features);
        SilhouetteResult result;
        try
        {
            result = Silhouette.Compute(points, ((Microsoft.ML.Data.VectorDataViewType)features.Type).Size, classes);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(
                $"EvaluateSilhouette: column '{featureColumnName}' grouped by '{labelColumnName}': {e.Message}",
                nameof(data),
                e
            );
        }
        return new SilhouetteMetrics(result.Mean, result.Samples, result.PerClass.ToDictionary(p => names[p.Key], p => p.Value));
    }

    /// <summary>
    /// The negative ELBO (Kingma &amp; Welling 2013, eq. 10, β = 1), its reconstruction and KL terms, and
    /// the importance-weighted bound on −log p(x) (Burda et al. 2015, eq. 8, k = <paramref name="samples"/>)
    /// of the images in <paramref name="data"/>, in nats per image, from a model folder's ONNX files
    /// (batches of 256 through ONNX Runtime; the data is streamed).
    /// </summary>
    /// <param name="catalog">The model catalog.</param>
    /// <param name="modelDirectory">A folder with encoder.onnx and decoder.onnx.</param>
    /// <param name="data">Rows with the image column.</param>
    /// <param name="imageColumnName">Images: <c>Vector&lt;Single, C·H·W&gt;</c> of the model's shape.</param>
    /// <param name="pixelScale">Scale of the image column's pixels.</param>
    /// <param name="samples">k ≥ 1.</param>
    /// <param name="seed">Seed of the ε draws.</param>
    /// <exception cref="ArgumentOutOfRangeException">The image column is missing or mis-typed, a pixel is not finite or
    /// outside the scale's range (the message names the row and pixel; 0–255 pixels with the default scale are told to
    /// set <see cref="PixelScale.Bytes"/>), or k &lt; 1.</exception>
    /// <exception cref="FileNotFoundException">A model file is missing.</exception>
    /// <exception cref="InvalidDataException">A model file is not a Vae.MLNet model.</exception>
    public static LikelihoodEstimate EvaluateVaeLikelihood(
        this ModelOperationsCatalog catalog,
        string modelDirectory,
        IDataView data,
        string imageColumnName = VaeFeaturizerOptions.DefaultImageColumnName,
        PixelScale pixelScale = PixelScale.UnitInterval,
        int samples = DefaultLikelihoodSamples,
        int seed = 0
    )
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        using var model = OnnxVaeModel.Open(modelDirectory);
        var image = ColumnCheck.Image(data.Schema, imageColumnName, "EvaluateVaeLikelihood input", model.Shape);
        var batches = DataViewReader.ImageBatches(data, image, EvaluationBatch.Size, pixelScale, "EvaluateVaeLikelihood input");
        try
        {
            return ModelLikelihood.Evaluate(model, batches.Select(b => (ReadOnlyMemory<float>)b), samples, seed);
        }
        catch (ArgumentException e) when (e.ParamName == "batches")
        {
            throw new ArgumentException(
                $"EvaluateVaeLikelihood input: column '{image.Name}' holds no rows; there is nothing to evaluate.",
                nameof(data),
                e
            );
        }
    }
}
