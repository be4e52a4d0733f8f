using Vae.MLNet.Runs;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Vae.MLNet.Training;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// What a user's latents are worth: each preset trained with `vae train`'s defaults (only the preset
/// changed), then through the ML.NET featurizer and <c>EvaluateAgainstBaselines</c>: test −ELBO, KL,
/// active units, L-BFGS and 5-NN accuracy of the latent means (first 20,000 training images, all test
/// images) and silhouette, beside PCA-d and the raw pixels computed in the same run, and the wall time
/// of training. `--max-train N --epochs E` repeat it on a slice; `--beta`, `--free-bits` and `--lr` change
/// those training options from their defaults.
/// </summary>
internal static class QualityBenchmark
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Run(string[] args, BenchOptions opts)
    {
        string Get(string name, string? fallback) { int i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback!; }
        var presets = Array.IndexOf(args, "--presets") >= 0 ? opts.Presets : [TrainingOptions.DefaultPreset];
        string data = Get("--data", Runs.DatasetOptions.DefaultPath);
        int? maxTrain = Get("--max-train", null) is { } m ? int.Parse(m, C) : null;
        int epochs = int.Parse(Get("--epochs", TrainingOptions.DefaultEpochs.ToString(C)), C);
        // Classifiers see only the images the model trained on, as a user with that much data would.
        int classifierRows = Math.Min(int.Parse(Get("--classifier-train", "20000"), C), maxTrain ?? int.MaxValue);
        Console.WriteLine($"quality: {data}, training images {(maxTrain is { } n ? n.ToString("N0", C) : "all")}, {new TrainingOptions { Epochs = epochs }.EpochsText(null)} epochs, d = {opts.Latent}, " +
                          $"classifiers on up to the first {classifierRows:N0} training images, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"model",-22} {"train s",8} {"−ELBO",8} {"KL",6} {"active",7} | {"features",-12} {"L-BFGS",7} {"5-NN",7} {"silh.",7}");
        foreach (var preset in presets)
        {
            var options = new TrainingOptions
            {
                Preset = preset, LatentSize = opts.Latent, Epochs = epochs,
                Beta = double.Parse(Get("--beta", TrainingOptions.DefaultBeta.ToString(C)), C),
                FreeBits = double.Parse(Get("--free-bits", TrainingOptions.DefaultFreeBits.ToString(C)), C),
                LearningRate = double.Parse(Get("--lr", TrainingOptions.DefaultLearningRate.ToString(C)), C),
                KlWarmupEpochs = int.Parse(Get("--kl-warmup", "0"), C),
            };
            string dir = Path.Combine(Path.GetTempPath(), $"vae-quality-{preset}-{Guid.NewGuid():N}");
            try
            {
                var clock = Stopwatch.StartNew();
                var result = TrainingJob.Run(options, new DatasetOptions { Path = data, MaxTrainImages = maxTrain }, dir);
                double seconds = clock.Elapsed.TotalSeconds;
                if (epochs == TrainingOptions.AutomaticEpochs)
                    Console.WriteLine($"{preset}: {result.Epochs.Count} epochs (automatic)");
                var b = Compare(dir, data, classifierRows);
                string head = string.Format(C, "{0,-22} {1,8:F0} {2,8:F2} {3,6:F2} {4,7}", preset, seconds, result.Test.Reconstruction + result.Test.Kl,
                    result.Test.Kl, $"{result.LatentUnits!.ActiveCount}/{opts.Latent}");
                foreach (var (f, i) in b.All.Select((f, i) => (f, i)))
                    Console.WriteLine(string.Format(C, "{0} | {1,-12} {2,7:P1} {3,7:P1} {4,7:F4}", i == 0 ? head : new string(' ', head.Length), f.Name,
                        f.LogisticAccuracy, f.KnnAccuracy, f.Silhouette));
                Console.WriteLine($"{"",22} verdict: latents {(b.LatentBeatsPca ? "beat" : "do NOT beat")} {b.Pca.Name} on both classifiers" +
                                  (result.LatentUnits.Collapsed ? "; posterior collapse" : ""));
            }
            finally
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            }
        }
    }

    // The user's path: the featurizer in an ML.NET pipeline, then the baselines evaluation.
    private static FeatureComparisonMetrics Compare(string runFolder, string data, int classifierRows)
    {
        var ml = new MLContext(seed: 0);
        var featurizer = ml.Transforms.VaeFeaturizer(runFolder);
        var train = ml.Data.TakeRows(ml.Data.LoadFromIdxDirectory(data, IdxSplit.Train), classifierRows);
        var test = ml.Data.LoadFromIdxDirectory(data, IdxSplit.Test);
        var fitted = featurizer.Fit(train);
        return ml.MulticlassClassification.EvaluateAgainstBaselines(fitted.Transform(train), fitted.Transform(test));
    }
}
