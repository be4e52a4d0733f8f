using System.Text.Json;
using Vae.MLNet.Engine;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;

namespace Vae.MLNet.Training;

/// <summary>
/// Everything the trainer needs to continue exactly where it stopped, saved inside the checkpoint
/// (with the weights, optimizer and generator state) as JSON: the position (epoch in progress and
/// next batch), the running sums of that epoch, the learning rate, the history and the callbacks'
/// state. The data order needs no state: each epoch's permutation derives from (seed, epoch).
/// </summary>
public sealed record TrainerState
{
    /// <summary>The epoch in progress, 1-based; after the last epoch, Epochs + 1.</summary>
    public int Epoch { get; init; } = 1;

    /// <summary>Index of the next batch of <see cref="Epoch"/> (0 when it has not started).</summary>
    public int NextBatch { get; init; }

    /// <summary>Sums (not means) of the training loss terms over the batches of <see cref="Epoch"/> done so far.</summary>
    public VaeLoss PartialSums { get; init; }

    /// <summary>Images of <see cref="Epoch"/> done so far.</summary>
    public int PartialImages { get; init; }

    /// <summary>Seconds spent on <see cref="Epoch"/> so far (for images/s across a resume).</summary>
    public double PartialSeconds { get; init; }

    /// <summary>Current learning rate.</summary>
    public double LearningRate { get; init; }

    /// <summary>
    /// libtorch threads the run trains with (resolved from the default when --threads was 0); a
    /// resumed run uses the same count, since results depend on it. 0 in checkpoints that predate it.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>Finished epochs.</summary>
    public List<EpochMetrics> History { get; init; } = [];

    /// <summary>Early-stopping state.</summary>
    public EarlyStopping.State EarlyStopping { get; init; } = Training.EarlyStopping.Initial;

    /// <summary>ReduceLROnPlateau state.</summary>
    public ReduceLrOnPlateau.State Plateau { get; init; } = ReduceLrOnPlateau.Initial;

    /// <summary>True once training is over (all epochs, or an early stop).</summary>
    public bool Finished { get; init; }

    /// <summary>Why training ended early, if it did.</summary>
    public string? StopReason { get; init; }

    /// <summary>
    /// The options the run trains with, as its options.json held them when this state was saved: a resume refuses an
    /// options.json edited since (<see cref="TrainingJob.Resume"/>). Null in checkpoints that predate it.
    /// </summary>
    public TrainingOptions? Options { get; init; }

    /// <summary>JSON text for the checkpoint.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, RunFolder.Json);

    /// <summary>Parses what <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The text is not a trainer state (e.g. a checkpoint of another tool).</exception>
    public static TrainerState FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<TrainerState>(json, RunFolder.Json) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: holds no trainer state to resume from ({e.Message}).", e);
        }
    }
}

/// <summary>Training stopped because the loss became NaN or infinite.</summary>
public sealed class TrainingDivergedException(int epoch, int batch, VaeLoss loss, double learningRate, string? note = null)
    : Exception(
        $"loss diverged at epoch {epoch}, batch {batch + 1}: total {loss.Total}, reconstruction {loss.Reconstruction}, KL {loss.Kl} "
            + $"(learning rate {learningRate:G3}). Try a lower TrainingOptions.LearningRate or set TrainingOptions.ClipGradNorm."
            + (note is null ? "" : " " + note)
    )
{
    /// <summary>The same failure with a note appended (e.g. which checkpoint was kept).</summary>
    public TrainingDivergedException WithNote(string text) => new(Epoch, Batch, Loss, LearningRate, text);

    /// <summary>The loss terms of the bad batch.</summary>
    public VaeLoss Loss { get; } = loss;

    /// <summary>Learning rate at the time.</summary>
    public double LearningRate { get; } = learningRate;

    /// <summary>Epoch (1-based) of the bad batch.</summary>
    public int Epoch { get; } = epoch;

    /// <summary>Batch (0-based) whose loss was not finite.</summary>
    public int Batch { get; } = batch;
}
