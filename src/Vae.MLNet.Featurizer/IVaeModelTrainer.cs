using Vae.MLNet.Models;

namespace Vae.MLNet;

/// <summary>
/// Trains a model for <see cref="VaeFeaturizerEstimator.Fit"/> when no model folder is given. The
/// featurizer package itself never trains (it does not reference the training engine); the package
/// Vae.MLNet.Featurizer.Training provides <c>VaeModelTrainer</c> on TorchSharp.
/// </summary>
public interface IVaeModelTrainer
{
    /// <summary>Trains on <paramref name="images"/> and writes a model folder (<c>encoder.onnx</c>, <c>decoder.onnx</c>).</summary>
    /// <param name="images">[n, C, H, W] float32 in [0, 1], row-major, n = images.Length / (C·H·W).</param>
    /// <param name="shape">The shape of each image.</param>
    /// <param name="source">Where the images came from, for messages and metadata.</param>
    /// <returns>The model folder.</returns>
    string Train(float[] images, ImageShape shape, string source);
}
