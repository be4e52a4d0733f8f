using Vae.MLNet.Evaluation;
using Vae.MLNet.Models;

namespace Vae.MLNet.Runs;

/// <summary>
/// One epoch's figures, in nats per image: training terms are the mean over the epoch's batches
/// (weighted by batch size, during training, with the β of each step); validation terms are measured
/// after the epoch, one z sample per image, with the target β. Validation is null when no validation
/// split was held out. LearningRate is the rate the epoch trained with.
/// </summary>
public sealed record EpochMetrics(
    int Epoch,
    VaeLoss Train,
    VaeLoss? Validation,
    double Seconds,
    double TrainImagesPerSecond,
    double LearningRate
);

/// <summary>The outcome of a run: per-epoch figures and the test-set loss terms (nats per image).</summary>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> Epochs, VaeLoss Test, int TrainImages, int ValidationImages, int TestImages)
{
    /// <summary>
    /// Active units and KL per latent dimension over the test images (null in results written before
    /// it was recorded): <see cref="LatentUnitStats.Collapsed"/> says the run collapsed.
    /// </summary>
    public LatentUnitStats? LatentUnits { get; init; }
}
