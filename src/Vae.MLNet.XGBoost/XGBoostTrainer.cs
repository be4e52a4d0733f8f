using Vae.MLNet.Classifiers;
using Vae.MLNet.Pipeline;
using Vae.MLNet.Pipeline.Trainers;

namespace Vae.MLNet.XGBoost;

/// <summary>Gradient-boosted trees trainer (XGBoost; in place of ML.NET's FastTree). See <see cref="XGBoostClassifier"/>.</summary>
public sealed class XGBoostTrainer(XGBoostOptions options, int seed) : MulticlassTrainerBase(options)
{
    /// <inheritdoc />
    protected override string Name => "XGBoost";

    /// <inheritdoc />
    protected override IClassifier Train(TrainingSet data) => XGBoostClassifier.Fit(data, options, seed);
}

/// <summary>Adds XGBoost to <see cref="MulticlassClassificationTrainers"/> (as ML.NET's FastTree package does).</summary>
public static class XGBoostCatalog
{
    /// <summary>Gradient-boosted trees with XGBoost's defaults and 100 rounds, seeded by the context.</summary>
    public static XGBoostTrainer XGBoost(this MulticlassClassificationTrainers catalog, string labelColumnName = "Label",
        string featureColumnName = "Features", int numberOfIterations = 100) =>
        new(new XGBoostOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, NumberOfIterations = numberOfIterations },
            catalog.Context.EffectiveSeed);

    /// <summary>Gradient-boosted trees with options.</summary>
    public static XGBoostTrainer XGBoost(this MulticlassClassificationTrainers catalog, XGBoostOptions options) =>
        new(options, catalog.Context.EffectiveSeed);
}
