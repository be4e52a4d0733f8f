using Microsoft.ML;

namespace Vae.MLNet;

/// <summary>Adds the VAE featurizer to ML.NET's <see cref="TransformsCatalog"/> (<c>mlContext.Transforms.VaeFeaturizer</c>).</summary>
public static class VaeTransformsCatalogExtensions
{
    /// <summary>
    /// A featurizer over a trained model's folder: adds <paramref name="outputColumnName"/>, the latent
    /// means μ (<c>Vector&lt;Single, d&gt;</c>), computed from <paramref name="inputColumnName"/>
    /// (<c>Vector&lt;Single, C·H·W&gt;</c> of the model's shape, pixels in [0, 1], or an <c>MLImage</c> column). See
    /// <see cref="VaeFeaturizerEstimator"/>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="modelDirectory">A folder with encoder.onnx and decoder.onnx (a training run folder).</param>
    /// <param name="outputColumnName">The latent-mean column.</param>
    /// <param name="inputColumnName">The image column.</param>
    /// <exception cref="ArgumentException">The folder does not exist, or a column name is empty.</exception>
    public static VaeFeaturizerEstimator VaeFeaturizer(
        this TransformsCatalog catalog,
        string modelDirectory,
        string outputColumnName = VaeFeaturizerOptions.DefaultLatentColumnName,
        string inputColumnName = VaeFeaturizerOptions.DefaultImageColumnName
    ) =>
        new(
            new VaeFeaturizerOptions
            {
                ModelDirectory = modelDirectory,
                LatentColumnName = outputColumnName,
                ImageColumnName = inputColumnName,
            }
        );

    /// <summary>
    /// A featurizer with options: log σ², the reconstruction error, pixels in [0, 255], or training a
    /// model in <c>Fit</c> (<see cref="VaeFeaturizerOptions.Trainer"/>).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentException">Neither a model folder nor a trainer, or an option out of range.</exception>
    public static VaeFeaturizerEstimator VaeFeaturizer(this TransformsCatalog catalog, VaeFeaturizerOptions options) => new(options);
}
