using System.Text.Json;
using Vae.MLNet;
using Vae.MLNet.Data;
using Vae.MLNet.Scoring;

/// <summary>A classifier's test figures on one model's latent means.</summary>
internal sealed record ClassifierResult(string Classifier, double Accuracy, double MacroF1, double Seconds);

/// <summary>One model's figures.</summary>
internal sealed record ModelResult(
    string Model,
    string Preset,
    string Kind,
    int LatentSize,
    int Epochs,
    double TrainSeconds,
    LikelihoodEstimate Likelihood,
    double Silhouette,
    IReadOnlyDictionary<string, double> SilhouettePerClass,
    IReadOnlyList<ClassifierResult> Classifiers,
    FeatureComparisonMetrics Baselines
);

/// <summary>Prints the study's table and writes its JSON.</summary>
internal static class StudyReport
{
    public static void Print(IReadOnlyList<ModelResult> results, StudyOptions options)
    {
        var names = results[0].Classifiers.Select(c => c.Classifier).ToArray();
        Console.WriteLine();
        Console.WriteLine($"Latent-space study on {options.Data}, d = {options.Latent}: test-set figures");
        Console.WriteLine(
            $"{"model", -9} {"silhouette", 10} {"-ELBO", 8} {"IWAE k=64", 10}  " + string.Join("  ", names.Select(n => $"{Short(n), 9}"))
        );
        foreach (var r in results)
        {
            string iwae = r.Likelihood.ImportanceWeightedBound is { } b ? $"{b, 10:F2}" : $"{"—", 10}";
            Console.WriteLine(
                $"{r.Model, -9} {r.Silhouette, 10:F4} {r.Likelihood.NegativeElbo, 8:F2} {iwae}  "
                    + string.Join("  ", r.Classifiers.Select(c => $"{c.Accuracy, 9:P1}"))
            );
        }
        var baselines = results[0].Baselines;
        foreach (var f in new[] { baselines.Pca, baselines.RawPixels })
            Console.WriteLine(
                $"{f.Name, -11}{f.Silhouette, 8:F4} {"", 8} {"", 10}  "
                    + string.Join(
                        "  ",
                        names.Select(n =>
                            n switch
                            {
                                "LbfgsMaximumEntropy" => $"{f.LogisticAccuracy, 9:P1}",
                                "KNearestNeighbors" => $"{f.KnnAccuracy, 9:P1}",
                                _ => $"{"—", 9}",
                            }
                        )
                    )
            );
        Console.WriteLine(
            "(-ELBO and IWAE in nats per image on the first "
                + options.IwaeImages
                + " test images; an AE has no bound; accuracies of classifiers trained on train-set latent means;"
        );
        Console.WriteLine(
            $" {baselines.Pca.Name} and raw pixels: the same L-BFGS and 5-NN on the first {baselines.TrainRows:N0} "
                + $"training images, silhouettes on the first {baselines.SilhouetteRows:N0} test images)"
        );
        foreach (var r in results)
            Console.WriteLine(
                $"{r.Model}: the latent means {(r.Baselines.LatentBeatsPca ? "beat" : "do NOT beat")} "
                    + $"{r.Baselines.Pca.Name} on both classifiers "
                    + $"(L-BFGS {r.Baselines.Latent.LogisticAccuracy:P1} vs {r.Baselines.Pca.LogisticAccuracy:P1}, "
                    + $"5-NN {r.Baselines.Latent.KnnAccuracy:P1} vs {r.Baselines.Pca.KnnAccuracy:P1})"
            );
    }

    public static string WriteJson(IReadOnlyList<ModelResult> results, StudyOptions options)
    {
        string path = Path.Combine(options.Out, "latent-study.json");
        var json = JsonSerializer.Serialize(
            new
            {
                study = "latent-space comparison (Análisis del espacio latente en el auto-encoder variacional)",
                data = options.Data,
                options.Latent,
                models = results,
            },
            new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }
        );
        File.WriteAllText(path, json);
        return path;
    }

    private static string Short(string name) =>
        name switch
        {
            "NearestCentroid" => "centroid",
            "KNearestNeighbors" => "kNN(5)",
            "LbfgsMaximumEntropy" => "L-BFGS",
            "SdcaMaximumEntropy" => "SDCA",
            "OneVersusAll(FastTree)" => "OVA-FTree",
            _ => name,
        };
}
