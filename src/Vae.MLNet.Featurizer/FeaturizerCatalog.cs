using Vae.MLNet.Pipeline;

namespace Vae.MLNet.Featurizer;

/// <summary>Adds the VAE featurizer to <see cref="TransformsCatalog"/> (as ML.NET's ApplyOnnxModel extension).</summary>
public static class FeaturizerCatalog
{
    /// <summary>
    /// A featurizer over a trained model's ONNX files: adds <paramref name="outputColumnName"/> (μ,
    /// <c>Vector&lt;Single, d&gt;</c>) and <c>ReconstructionError</c> computed from <paramref name="inputColumnName"/>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="modelDirectory">Folder with encoder.onnx and decoder.onnx (a <c>vae train</c> run folder).</param>
    /// <param name="outputColumnName">Latent-mean column.</param>
    /// <param name="inputColumnName">Image column (<c>Vector&lt;Single, 784&gt;</c> in [0, 1]).</param>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    public static VaeFeaturizerEstimator VaeFeaturizer(this TransformsCatalog catalog, string modelDirectory,
        string outputColumnName = "Latent", string inputColumnName = "Image") =>
        new(new VaeFeaturizerOptions { ModelDirectory = modelDirectory, LatentColumnName = outputColumnName, ImageColumnName = inputColumnName },
            catalog.Context.EffectiveSeed);

    /// <summary>A featurizer with options: wraps a model folder or trains a model in <c>Fit</c> (seeded by the context unless the training options say otherwise).</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static VaeFeaturizerEstimator VaeFeaturizer(this TransformsCatalog catalog, VaeFeaturizerOptions options) =>
        new(options, catalog.Context.EffectiveSeed);
}
