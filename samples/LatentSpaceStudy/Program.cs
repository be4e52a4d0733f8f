// Sample: the study of the notebook "Analysis of the latent space in the variational auto-encoder"
// (for the work "Análisis del espacio latente en el auto-encoder variacional") on
// Fashion-MNIST, as an ordinary ML.NET program. An autoencoder, a dense VAE and a convolutional VAE
// with the same latent size are trained inside the featurizer's Fit; for each, the silhouette of the
// test-set latent means (how well the latent space separates the classes), the likelihood bounds, and
// the test accuracy of ML.NET classifiers (and two probes ML.NET lacks) trained on the train-set latent
// means. Prints one table, writes JSON, and saves each featurizer + logistic regression as one ML.NET
// model file. About 6 minutes on 2 cores with the defaults (the conv VAE's 3 epochs take most of it):
//   dotnet run --project samples/LatentSpaceStudy -c Release -- [--out DIR] [--latent 10] [--epochs 10]
//       [--conv-epochs 3] [--conv-preset conv-leaky] [--baseline-train 20000] [--data DIR] [--max-train N] [--iwae-images 1000] [--seed 0]
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;
using Vae.MLNet;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;
using Vae.MLNet.Training;

var options = StudyOptions.Parse(args);
var ml = new MLContext(seed: options.Seed);
var train = ml.Data.LoadFromIdxDirectory(options.Data, IdxSplit.Train);
var test = ml.Data.LoadFromIdxDirectory(options.Data, IdxSplit.Test);
if (options.MaxTrain is { } max)
    train = ml.Data.TakeRows(train, max);
Directory.CreateDirectory(options.Out);

// The three models of the notebook "Analysis of the latent space in the variational auto-encoder", with the same latent size.
(string Name, TrainingOptions Training)[] models =
[
    ("AE", options.Training(Presets.DenseSmall, ModelKind.Autoencoder, options.Epochs)),
    ("VAE", options.Training(Presets.DenseSmall, ModelKind.Variational, options.Epochs)),
    ("Conv VAE", options.Training(options.ConvPreset, ModelKind.Variational, options.ConvEpochs)),
];

// Multiclass trainers need a key label, in value order (the default orders classes by first occurrence).
var toKey = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue);
var trainers = new (string Name, Func<IEstimator<ITransformer>> Create)[]
{
    ("LbfgsMaximumEntropy", () => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(featureColumnName: "Latent")),
    ("SdcaMaximumEntropy", () => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(featureColumnName: "Latent")),
    (
        "LightGbm",
        () =>
            ml.MulticlassClassification.Trainers.LightGbm(
                new LightGbmMulticlassTrainer.Options { FeatureColumnName = "Latent", NumberOfThreads = 1 }
            )
    ),
    (
        "OneVersusAll(FastTree)",
        () => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(featureColumnName: "Latent"))
    ),
};

var results = new List<ModelResult>();
foreach (var (name, training) in models)
{
    Console.WriteLine($"== {name}: {training.Preset} {training.Kind}, d = {training.LatentSize}, {training.Epochs} epochs");
    var clock = Stopwatch.StartNew();
    string folder = Path.Combine(options.Out, Slug(name));
    var featurizer = ml
        .Transforms.VaeFeaturizer(
            new VaeFeaturizerOptions
            {
                Trainer = new VaeModelTrainer(training, folder, new EpochLines()),
                ReconstructionErrorColumnName = "ReconstructionError",
            }
        )
        .Fit(train);
    double trainSeconds = clock.Elapsed.TotalSeconds;

    // Latent means of both splits, computed once and kept in memory for the multi-pass trainers.
    var trainLatents = ml.Data.Cache(featurizer.Transform(train), "Label", "Latent");
    var testLatents = ml.Data.Cache(featurizer.Transform(test), "Label", "Latent", "ReconstructionError");
    var silhouette = ml.Clustering.EvaluateSilhouette(testLatents);
    var likelihood = ml.Model.EvaluateVaeLikelihood(folder, ml.Data.TakeRows(test, options.IwaeImages), seed: options.Seed);

    var accuracies = new List<ClassifierResult>();
    foreach (var (trainerName, create) in trainers)
    {
        var fitClock = Stopwatch.StartNew();
        var classifier = toKey.Append(create()).Fit(trainLatents);
        var metrics = ml.MulticlassClassification.Evaluate(classifier.Transform(testLatents));
        Report(accuracies, trainerName, metrics.MicroAccuracy, metrics.MacroF1(), fitClock);
        if (trainerName == "LbfgsMaximumEntropy") // featurizer + classifier as one deployable ML.NET model file
            ml.Model.Save(featurizer.Append(classifier), train.Schema, Path.Combine(options.Out, $"{Slug(name)}-logistic.zip"));
    }
    var probeClock = Stopwatch.StartNew();
    var centroid = ml.MulticlassClassification.EvaluateNearestCentroid(trainLatents, testLatents);
    Report(accuracies, "NearestCentroid", centroid.Accuracy, centroid.MacroF1, probeClock);
    probeClock.Restart();
    var knn = ml.MulticlassClassification.EvaluateKNearestNeighbors(trainLatents, testLatents);
    Report(accuracies, "KNearestNeighbors", knn.Accuracy, knn.MacroF1, probeClock);

    // The same classifiers on PCA with d components and on the raw pixels: do the latents earn their place?
    var baselines = ml.MulticlassClassification.EvaluateAgainstBaselines(
        featurizer.Transform(ml.Data.TakeRows(train, options.BaselineTrain)),
        featurizer.Transform(test)
    );
    foreach (var f in baselines.All)
        Console.WriteLine($"   {f.Name, -12} L-BFGS {f.LogisticAccuracy:P1}  5-NN {f.KnnAccuracy:P1}  silhouette {f.Silhouette:F4}");
    Console.WriteLine(
        $"   the latent means {(baselines.LatentBeatsPca ? "beat" : "do NOT beat")} {baselines.Pca.Name} on both classifiers"
    );

    results.Add(
        new ModelResult(
            name,
            training.Preset,
            training.Kind.ToString(),
            training.LatentSize,
            training.Epochs,
            trainSeconds,
            likelihood,
            silhouette.Mean,
            silhouette.PerClass,
            accuracies,
            baselines
        )
    );
    featurizer.Dispose();
}

StudyReport.Print(results, options);
Console.WriteLine($"Wrote {StudyReport.WriteJson(results, options)} and the featurizer + logistic-regression models beside it.");

static string Slug(string name) => name.ToLowerInvariant().Replace(' ', '-');

static void Report(List<ClassifierResult> results, string name, double accuracy, double macroF1, Stopwatch clock)
{
    results.Add(new ClassifierResult(name, accuracy, macroF1, clock.Elapsed.TotalSeconds));
    Console.WriteLine($"   {name, -24} accuracy {accuracy:P1}  macro-F1 {macroF1:F3}  ({clock.Elapsed.TotalSeconds:F1} s)");
}

/// <summary>One line per training epoch.</summary>
internal sealed class EpochLines : ITrainingObserver
{
    public void OnEpoch(EpochMetrics m) =>
        Console.WriteLine(
            $"   epoch {m.Epoch}: train {m.Train.Total:F2}"
                + (m.Validation is { } v ? $", validation {v.Total:F2}" : "")
                + $" nats/image ({m.Seconds:F0} s)"
        );
}
