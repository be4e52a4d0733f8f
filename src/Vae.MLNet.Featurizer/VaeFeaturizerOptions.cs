using Vae.MLNet.Training;

namespace Vae.MLNet.Featurizer;

/// <summary>
/// Options of the VAE featurizer. Either <see cref="ModelDirectory"/> (wrap a trained model's
/// <c>encoder.onnx</c> and <c>decoder.onnx</c>) or <see cref="Training"/> (train one in <c>Fit</c>).
/// </summary>
public sealed record VaeFeaturizerOptions
{
    /// <summary>Input column: <c>Vector&lt;Single, 784&gt;</c>, images [1, 28, 28] row-major, float32 in [0, 1].</summary>
    public string ImageColumnName { get; init; } = "Image";
    /// <summary>Output column of the latent means μ, <c>Vector&lt;Single, d&gt;</c>.</summary>
    public string LatentColumnName { get; init; } = "Latent";
    /// <summary>Output column of log σ², <c>Vector&lt;Single, d&gt;</c> (VAE only); null: not added.</summary>
    public string? LatentLogVarColumnName { get; init; }
    /// <summary>Output column of the per-image reconstruction loss at z = μ (Single; nats for BCE models, squared error for MSE models); null: not added.</summary>
    public string? ReconstructionErrorColumnName { get; init; } = "ReconstructionError";
    /// <summary>A folder holding <c>encoder.onnx</c> and <c>decoder.onnx</c> (a <c>vae train</c> run folder); null to train.</summary>
    public string? ModelDirectory { get; init; }
    /// <summary>How to train when <see cref="ModelDirectory"/> is null (data options are ignored: Fit's data is used). Null: the defaults (conv VAE, d = 10, 3 epochs).</summary>
    public TrainingOptions? Training { get; init; }
    /// <summary>Progress of training (epochs, batches); null for none.</summary>
    public ITrainerEvents? Progress { get; init; }
    /// <summary>ONNX Runtime intra-op threads for scoring; 0: ORT's choice.</summary>
    public int IntraOpThreads { get; init; }
}
