using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace Vae.MLNet.Reporting;

/// <summary>The report's classifiers on latent means: ML.NET's trainers, and the probes ML.NET lacks.</summary>
internal static class LatentClassifiers
{
    internal static List<ClassifierFigure> Evaluate(MLContext ml, IDataView train, IDataView test)
    {
        var multiclass = ml.MulticlassClassification;
        // Key labels in value order (the default orders by first occurrence); cached so multi-pass trainers read once.
        var toKey = ml.Transforms.Conversion.MapValueToKey(
            "Label",
            keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue
        );
        var trainers = new (string Name, IEstimator<ITransformer> Trainer)[]
        {
            ("logistic regression (ML.NET L-BFGS)", multiclass.Trainers.LbfgsMaximumEntropy(featureColumnName: "Latent")),
            // One thread: LightGBM's default takes every core and stalls badly beside other work
            // (38 s instead of 1.7 s with another process on one core).
            (
                "LightGBM (ML.NET)",
                multiclass.Trainers.LightGbm(
                    new LightGbmMulticlassTrainer.Options
                    {
                        FeatureColumnName = "Latent",
                        NumberOfThreads = 1,
                        Seed = 0,
                    }
                )
            ),
        };
        var figures = trainers
            .Select(t =>
            {
                var pipeline = toKey.AppendCacheCheckpoint(ml).Append(t.Trainer).Fit(train);
                var metrics = multiclass.Evaluate(pipeline.Transform(test));
                return new ClassifierFigure(t.Name, metrics.MicroAccuracy, metrics.MacroF1());
            })
            .ToList();
        var centroid = multiclass.EvaluateNearestCentroid(train, test);
        var knn = multiclass.EvaluateKNearestNeighbors(train, test);
        figures.Insert(0, new ClassifierFigure("nearest centroid", centroid.Accuracy, centroid.MacroF1));
        figures.Insert(1, new ClassifierFigure($"k-NN (k = {VaeMulticlassExtensions.DefaultNeighbors})", knn.Accuracy, knn.MacroF1));
        return figures;
    }
}
