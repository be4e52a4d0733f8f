using Vae.MLNet.Pipeline.Trainers;

namespace Vae.MLNet.XGBoost;

/// <summary>
/// Options of gradient-boosted trees (XGBoost's <c>multi:softprob</c> objective, <c>hist</c> tree
/// method). Defaults are XGBoost's own (eta 0.3, max_depth 6, lambda 1, min_child_weight 1) with 100
/// boosting rounds, as the xgboost Python package's XGBClassifier.
/// </summary>
public sealed class XGBoostOptions : MulticlassTrainerOptions
{
    /// <summary>Boosting rounds (trees per class).</summary>
    public int NumberOfIterations { get; set; } = 100;
    /// <summary>Maximum tree depth (max_depth).</summary>
    public int MaximumTreeDepth { get; set; } = 6;
    /// <summary>Shrinkage (eta).</summary>
    public double LearningRate { get; set; } = 0.3;
    /// <summary>L2 regularization on leaf weights (lambda).</summary>
    public double L2Regularization { get; set; } = 1.0;
    /// <summary>Minimum sum of instance weight in a child (min_child_weight).</summary>
    public double MinimumChildWeight { get; set; } = 1.0;
    /// <summary>Threads (nthread); 0: all cores.</summary>
    public int NumberOfThreads { get; set; }
    /// <summary>Random seed (seed); null: the context's.</summary>
    public int? Seed { get; set; }

    /// <summary>Checks ranges.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public void Validate()
    {
        if (NumberOfIterations < 1) throw new ArgumentOutOfRangeException(nameof(NumberOfIterations), $"NumberOfIterations must be ≥ 1, got {NumberOfIterations}.");
        if (MaximumTreeDepth < 1) throw new ArgumentOutOfRangeException(nameof(MaximumTreeDepth), $"MaximumTreeDepth must be ≥ 1, got {MaximumTreeDepth}.");
        if (!(LearningRate > 0 && LearningRate <= 1)) throw new ArgumentOutOfRangeException(nameof(LearningRate), $"LearningRate must be in (0, 1], got {LearningRate}.");
        if (!(L2Regularization >= 0)) throw new ArgumentOutOfRangeException(nameof(L2Regularization), $"L2Regularization must be ≥ 0, got {L2Regularization}.");
        if (!(MinimumChildWeight >= 0)) throw new ArgumentOutOfRangeException(nameof(MinimumChildWeight), $"MinimumChildWeight must be ≥ 0, got {MinimumChildWeight}.");
        if (NumberOfThreads < 0) throw new ArgumentOutOfRangeException(nameof(NumberOfThreads), $"NumberOfThreads must be ≥ 0, got {NumberOfThreads}.");
    }
}
