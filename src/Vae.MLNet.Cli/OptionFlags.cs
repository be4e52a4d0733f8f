using System.Text.RegularExpressions;

namespace Vae.MLNet.Cli;

/// <summary>
/// The one table from the libraries' option properties to this command's flags. Libraries name their own terms
/// (<c>TrainingOptions.LatentSize</c>, <c>DatasetOptions.Path</c>, <c>OnnxScoringOptions.Device</c>); every message
/// the command prints from a library passes through <see cref="Translate"/>, so the user reads "--latent".
/// </summary>
internal static partial class OptionFlags
{
    /// <summary>Property (type and name) → flag.</summary>
    public static readonly IReadOnlyDictionary<string, string> Table = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["TrainingOptions.Preset"] = "--preset",
        ["TrainingOptions.Kind"] = "--model",
        ["TrainingOptions.LatentSize"] = "--latent",
        ["TrainingOptions.Beta"] = "--beta",
        ["TrainingOptions.Loss"] = "--loss",
        ["TrainingOptions.Optimizer"] = "--optimizer",
        ["TrainingOptions.LearningRate"] = "--lr",
        ["TrainingOptions.BatchSize"] = "--batch-size",
        ["TrainingOptions.Epochs"] = "--epochs",
        ["TrainingOptions.Seed"] = "--seed",
        ["TrainingOptions.ValidationFraction"] = "--validation-split",
        ["TrainingOptions.Threads"] = "--threads",
        ["TrainingOptions.Device"] = "--device",
        ["ResumeOptions.Epochs"] = "--epochs",
        ["DatasetOptions.Path"] = "--data",
        ["DatasetOptions.MaxTrainImages"] = "--max-train",
        ["DatasetOptions.MaxTestImages"] = "--max-test",
        ["DatasetOptions.ImageHeight"] = "--image-size",
        ["DatasetOptions.ImageWidth"] = "--image-size",
        ["DatasetOptions.Channels"] = "--channels",
        ["DatasetOptions.SkipBadImages"] = "--skip-bad-images",
        ["TrainingOptions.EarlyStoppingPatience"] = "--early-stopping",
        ["TrainingOptions.MinDelta"] = "--min-delta",
        ["TrainingOptions.RestoreBestWeights"] = "--keep-last-weights",
        ["TrainingOptions.LrPatience"] = "--lr-patience",
        ["TrainingOptions.LrFactor"] = "--lr-factor",
        ["TrainingOptions.MinLearningRate"] = "--min-lr",
        ["TrainingOptions.KlWarmupEpochs"] = "--kl-warmup",
        ["TrainingOptions.ClipGradNorm"] = "--clip-grad-norm",
        ["TrainingOptions.FreeBits"] = "--free-bits",
        ["TrainingOptions.Schedule"] = "--lr-schedule",
        ["OnnxScoringOptions.Device"] = "--device",
        ["OnnxScoringOptions.FallbackToCpu"] = "--fallback-to-cpu",
        ["OnnxScoringOptions.IntraOpThreads"] = "--threads",
        ["ServiceOptions.MaxBatch"] = "--max-batch",
        ["ServiceOptions.MaxImagesInFlight"] = "--max-images-in-flight",
        ["ServiceOptions.MaxImagePixels"] = "--max-image-pixels",
        ["ServiceOptions.BodySeconds"] = "--body-timeout",
        ["BatchingOptions.MaxQueueDelayMicroseconds"] = "--max-queue-delay-us",
        ["BatchingOptions.PreferredBatch"] = "--preferred-batch",
    };

    /// <summary>The flag of <c>TrainingOptions</c>' property <paramref name="property"/>.</summary>
    public static string Of(string property) => Table[$"TrainingOptions.{property}"];

    /// <summary><paramref name="message"/> with every property of <see cref="Table"/> named by its flag.</summary>
    public static string Translate(string message) =>
        PropertyName()
            .Replace(
                message.Replace("DatasetOptions.ImageHeight and ImageWidth", "--image-size"),
                m => Table.TryGetValue(m.Value, out var flag) ? flag : m.Value
            );

    [GeneratedRegex(@"\b(?:TrainingOptions|DatasetOptions|OnnxScoringOptions|ResumeOptions|ServiceOptions|BatchingOptions)\.\w+\b")]
    private static partial Regex PropertyName();
}
