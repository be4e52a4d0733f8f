// Sample: the seed-004 study ("Análisis del espacio latente en el auto-encoder variacional") on
// Fashion-MNIST, through the pipeline API. An autoencoder, a dense VAE and a convolutional VAE with the
// same latent size are trained as featurizers; for each, the silhouette of the test-set latent means
// (how well the latent space separates the classes), the likelihood bounds, and the test accuracy of
// four classifiers trained on the train-set latent means. Prints one table and writes JSON.
// About 5 minutes on 2 cores with the defaults (the conv VAE's 3 epochs take most of it):
//   dotnet run --project samples/LatentSpaceStudy -c Release -- [--out DIR] [--latent 10] [--epochs 10]
//       [--conv-epochs 3] [--conv-preset conv] [--data DIR|CSV] [--max-train N] [--iwae-images 1000] [--seed 0]
using System.Diagnostics;
using Vae.MLNet.Data;
using Vae.MLNet.Featurizer;
using Vae.MLNet.Models;
using Vae.MLNet.Pipeline;
using Vae.MLNet.Pipeline.Trainers;
using Vae.MLNet.Training;
using Vae.MLNet.XGBoost;

var options = StudyOptions.Parse(args);
var ml = new VaeMLContext(seed: options.Seed);
var train = ml.Data.LoadImages(options.Data, DataSplit.Train);
var test = ml.Data.LoadImages(options.Data, DataSplit.Test);
if (options.MaxTrain is { } max) train = ml.Data.TakeRows(train, max);
Directory.CreateDirectory(options.Out);

// The three models of seed 004, with the same latent size.
(string Name, TrainingOptions Training)[] models =
[
    ("AE", options.Training(Presets.DenseSmall, ModelKind.Autoencoder, options.Epochs)),
    ("VAE", options.Training(Presets.DenseSmall, ModelKind.Variational, options.Epochs)),
    ("Conv VAE", options.Training(options.ConvPreset, ModelKind.Variational, options.ConvEpochs)),
];
var trainers = new (string Name, Func<IEstimator<MulticlassPredictionTransformer>> Create)[]
{
    ("NearestCentroid", () => ml.MulticlassClassification.Trainers.NearestCentroid(featureColumnName: "Latent")),
    ("KNearestNeighbors", () => ml.MulticlassClassification.Trainers.KNearestNeighbors(featureColumnName: "Latent")),
    ("LbfgsMaximumEntropy", () => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(featureColumnName: "Latent")),
    ("XGBoost", () => ml.MulticlassClassification.Trainers.XGBoost(featureColumnName: "Latent")),
};

var results = new List<ModelResult>();
foreach (var (name, training) in models)
{
    Console.WriteLine($"== {name}: {training.Preset} {training.Kind}, d = {training.LatentSize}, {training.Epochs} epochs");
    var clock = Stopwatch.StartNew();
    using var featurizer = ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions { Training = training, Progress = new EpochLines() }).Fit(train);
    double trainSeconds = clock.Elapsed.TotalSeconds;

    // Latent means of both splits, computed once (ONNX Runtime, in batches) and kept in memory.
    var trainLatents = ml.Data.Cache(featurizer.Transform(train), "Label", "Latent");
    var testLatents = ml.Data.Cache(featurizer.Transform(test), "Label", "Latent", "ReconstructionError");
    var silhouette = ml.Clustering.EvaluateSilhouette(testLatents, featureColumnName: "Latent");
    var likelihood = featurizer.EvaluateLikelihood(ml.Data.TakeRows(test, options.IwaeImages), seed: options.Seed);

    var accuracies = new List<ClassifierResult>();
    foreach (var (trainerName, create) in trainers)
    {
        var fitClock = Stopwatch.StartNew();
        var classifier = create().Fit(trainLatents);
        var metrics = ml.MulticlassClassification.Evaluate(classifier.Transform(testLatents));
        accuracies.Add(new ClassifierResult(trainerName, metrics.Accuracy, metrics.MacroF1, fitClock.Elapsed.TotalSeconds));
        Console.WriteLine($"   {trainerName,-20} accuracy {metrics.Accuracy:P1}  macro-F1 {metrics.MacroF1:F3}  ({fitClock.Elapsed.TotalSeconds:F1} s)");
        if (trainerName == "LbfgsMaximumEntropy") // featurizer + classifier as one deployable model file
            ml.Model.Save(new TransformerChain<MulticlassPredictionTransformer>([featurizer, classifier]), train.Schema,
                Path.Combine(options.Out, $"{Slug(name)}-logistic.zip"));
    }
    results.Add(new ModelResult(name, training.Preset, training.Kind.ToString(), training.LatentSize, training.Epochs, trainSeconds,
        likelihood, silhouette.Mean, silhouette.PerClass.ToDictionary(p => p.Key.ToString(), p => p.Value), accuracies));
}

StudyReport.Print(results, options);
Console.WriteLine($"Wrote {StudyReport.WriteJson(results, options)} and the featurizer + logistic-regression models beside it.");

static string Slug(string name) => name.ToLowerInvariant().Replace(' ', '-');

/// <summary>One line per training epoch.</summary>
internal sealed class EpochLines : ITrainerEvents
{
    public void OnEpoch(EpochMetrics m) => Console.WriteLine(
        $"   epoch {m.Epoch}: train {m.Train.Total:F2}" + (m.Validation is { } v ? $", validation {v.Total:F2}" : "") + $" nats/image ({m.Seconds:F0} s)");
}
