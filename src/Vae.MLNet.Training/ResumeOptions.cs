using Vae.MLNet.Runs;

namespace Vae.MLNet.Training;

/// <summary>
/// What a resumed run may change (<see cref="TrainingJob.Resume"/>). Every other option stays as the run was trained
/// with: its options.json, which must
/// agree with the options its checkpoint recorded.
/// </summary>
public sealed class ResumeOptions
{
    /// <summary>
    /// Passes over the training images, to extend a run or end it sooner; null keeps the run's own. At least 1, at least
    /// the epochs finished, and at least the epoch in progress when one has started. A run that stopped early
    /// (<see cref="TrainingOptions.EarlyStoppingPatience"/>) cannot be extended. A cosine learning-rate schedule
    /// (<see cref="LearningRateSchedule.Cosine"/>) spans the new count from the epoch in progress on.
    /// </summary>
    public int? Epochs { get; init; }
}
