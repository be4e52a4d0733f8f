using Vae.MLNet.Classifiers;

namespace Vae.MLNet.Pipeline.Trainers;

/// <summary>Nearest-centroid trainer (scikit-learn's NearestCentroid; see <see cref="NearestCentroid"/>).</summary>
public sealed class NearestCentroidTrainer(MulticlassTrainerOptions options) : MulticlassTrainerBase(options)
{
    /// <inheritdoc />
    protected override string Name => nameof(NearestCentroid);
    /// <inheritdoc />
    protected override IClassifier Train(TrainingSet data) => NearestCentroid.Fit(data);
}

/// <summary>Options of <see cref="KNearestNeighborsTrainer"/>.</summary>
public sealed class KNearestNeighborsOptions : MulticlassTrainerOptions
{
    /// <summary>Neighbours per vote (scikit-learn's default 5).</summary>
    public int NumberOfNeighbors { get; set; } = KNearestNeighbors.DefaultK;
}

/// <summary>k-nearest-neighbours trainer (uniform weights, Euclidean; see <see cref="KNearestNeighbors"/>).</summary>
public sealed class KNearestNeighborsTrainer(KNearestNeighborsOptions options) : MulticlassTrainerBase(options)
{
    /// <inheritdoc />
    protected override string Name => nameof(KNearestNeighbors);
    /// <inheritdoc />
    protected override IClassifier Train(TrainingSet data) => KNearestNeighbors.Fit(data, options.NumberOfNeighbors);
}

/// <summary>Options of <see cref="LbfgsMaximumEntropyTrainer"/>.</summary>
public sealed class LbfgsMaximumEntropyOptions : MulticlassTrainerOptions
{
    /// <summary>L2 weight λ on the weights (not the intercepts): the objective is Σ NLL + λ‖W‖²/2, λ = 1/C of scikit-learn; default 1 as both ML.NET and scikit-learn.</summary>
    public double L2Regularization { get; set; } = 1.0;
    /// <summary>L-BFGS iteration limit.</summary>
    public int MaximumNumberOfIterations { get; set; } = 500;
}

/// <summary>
/// Multinomial logistic regression with L-BFGS (ML.NET's LbfgsMaximumEntropy, scikit-learn's
/// LogisticRegression; see <see cref="LogisticRegression"/>).
/// </summary>
public sealed class LbfgsMaximumEntropyTrainer(LbfgsMaximumEntropyOptions options) : MulticlassTrainerBase(options)
{
    /// <inheritdoc />
    protected override string Name => "LbfgsMaximumEntropy";
    /// <inheritdoc />
    protected override IClassifier Train(TrainingSet data)
    {
        if (!(options.L2Regularization > 0)) throw new ArgumentOutOfRangeException(nameof(options), $"L2Regularization must be > 0, got {options.L2Regularization}.");
        return LogisticRegression.Fit(data, c: 1 / options.L2Regularization, options.MaximumNumberOfIterations);
    }
}
