using Vae.MLNet.Models;
using Vae.MLNet.Onnx;

namespace Vae.MLNet;

/// <summary>
/// Options of <see cref="VaeFeaturizerEstimator"/>: which model (a model folder, or a trainer that
/// makes one in <c>Fit</c>), which columns, how pixels are scaled.
/// </summary>
public sealed class VaeFeaturizerOptions
{
    /// <summary>Default input column name.</summary>
    public const string DefaultImageColumnName = "Image";

    /// <summary>Default output column of the latent means μ.</summary>
    public const string DefaultLatentColumnName = "Latent";

    /// <summary>
    /// A folder holding <c>encoder.onnx</c> and <c>decoder.onnx</c> (a <c>vae train</c> run folder).
    /// <c>Fit</c> composes the per-image featurizer graph (<c>featurizer.onnx</c>, or
    /// <c>featurizer-255.onnx</c> for <see cref="PixelScale.Bytes"/>) into this folder when it is
    /// missing. Ignored when <see cref="Trainer"/> is set.
    /// </summary>
    public string? ModelDirectory { get; set; }

    /// <summary>Trains a model on the image column in <c>Fit</c> (from the package Vae.MLNet.Featurizer.Training);
    /// null: use <see cref="ModelDirectory"/>.</summary>
    public IVaeModelTrainer? Trainer { get; set; }

    /// <summary>Input column: <c>Vector&lt;Single, C·H·W&gt;</c>, one image [C, H, W] row-major, of the model's shape
    /// (784 for 28×28 grayscale).</summary>
    public string ImageColumnName { get; set; } = DefaultImageColumnName;

    /// <summary>
    /// The shape of the images <see cref="Trainer"/> trains on; null: 28×28 grayscale for a column of 784 values,
    /// an error otherwise. A model folder's shape is read from its encoder, not from here.
    /// </summary>
    public ImageShape? ImageShape { get; set; }

    /// <summary>How the input pixels are scaled: [0, 1] (default) or [0, 255] (divided by 255 inside the ONNX graph).</summary>
    public PixelScale PixelScale { get; set; } = PixelScale.UnitInterval;

    /// <summary>Output column of the latent means μ, <c>Vector&lt;Single, d&gt;</c>.</summary>
    public string LatentColumnName { get; set; } = DefaultLatentColumnName;

    /// <summary>Output column of log σ², <c>Vector&lt;Single, d&gt;</c> (VAE only); null: not added.</summary>
    public string? LatentLogVarColumnName { get; set; }

    /// <summary>
    /// Output column of the per-image reconstruction loss at z = μ, <c>Vector&lt;Single, 1&gt;</c> (nats per
    /// image for a BCE model, summed squared error for an MSE model; an anomaly score); null: not added.
    /// A one-element vector because ML.NET's OnnxTransformer cannot output scalars (a 0-d ONNX output
    /// fails when read); read element 0.
    /// </summary>
    public string? ReconstructionErrorColumnName { get; set; }

    /// <summary>ONNX Runtime intra-op threads of <c>ApplyOnnxModel</c>; null: ONNX Runtime's default.</summary>
    public int? IntraOpThreads { get; set; }

    /// <summary>
    /// The CUDA device of <c>ApplyOnnxModel</c> (its <c>gpuDeviceId</c>); null runs on the CPU. Needs the
    /// application to reference Microsoft.ML.OnnxRuntime.Gpu.Linux 1.32.0 in place of Microsoft.ML.OnnxRuntime.
    /// A saved model does not keep this (dotnet/machinelearning#6111): set <c>MLContext.GpuDeviceId</c>
    /// (and <c>FallbackToCpu</c>) on the context that calls <c>Model.Load</c>, whose ONNX loader reads them.
    /// </summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>With <see cref="GpuDeviceId"/>: run on the CPU when CUDA cannot (ML.NET's <c>fallbackToCpu</c>) instead
    /// of failing in <c>Fit</c>.</summary>
    public bool FallbackToCpu { get; set; }
}
