using Microsoft.ML;
using Vae.MLNet.Data;
using Vae.MLNet.Evaluation;
using Vae.MLNet.Models;
using Vae.MLNet.Reporting.Projection;
using Vae.MLNet.Runs;
using Vae.MLNet.Scoring;

namespace Vae.MLNet.Reporting;

/// <summary>How much a report computes; defaults keep the main job's report under a minute on 2 cores.</summary>
public sealed record AnalysisOptions
{
    /// <summary>How the ONNX files are scored: threads, device (cpu, cuda, cuda:N), CPU fallback.</summary>
    public OnnxScoringOptions Scoring { get; init; } = new();

    /// <summary>Test latent means projected by PCA and t-SNE (t-SNE is exact, O(n²)).</summary>
    public int ProjectionPoints { get; init; } = 2000;

    /// <summary>Training images whose latent means train the classifiers.</summary>
    public int ClassifierTrainImages { get; init; } = 10_000;

    /// <summary>First test images whose silhouettes the baselines' table gives (784-pixel rows make exact silhouettes slow).</summary>
    public int BaselineSilhouetteImages { get; init; } = VaeBaselineExtensions.DefaultSilhouetteRows;

    /// <summary>Test images of the likelihood figures.</summary>
    public int LikelihoodImages { get; init; } = 1000;

    /// <summary>Samples per image of the importance-weighted bound.</summary>
    public int Samples { get; init; } = ModelLikelihood.DefaultSamples;

    /// <summary>Seed of prior samples and likelihood noise.</summary>
    public int Seed { get; init; }

    /// <summary>Progress lines ("t-SNE of 2,000 points…"); null for none.</summary>
    public Action<string>? Progress { get; init; }
}

/// <summary>
/// Computes a run's figures from its folder: options and results from the JSON files, the model from
/// its ONNX files (a run that has none is exported first by <c>vae report</c>) scored in batches by
/// <see cref="OnnxVaeModel"/>, the data from the test split of the run's dataset (and the start of its
/// training split for the classifiers, which are ML.NET's trainers and this package's probes).
/// </summary>
public static class RunAnalysis
{
    /// <summary>
    /// Everything a run's report shows: pictures and likelihood (<see cref="Summarize"/>), then the
    /// silhouette, the 2-D projections, and the classifiers against the baselines.
    /// </summary>
    /// <exception cref="FileNotFoundException">The folder, its options.json or its ONNX files are missing (the message
    /// names which).</exception>
    /// <exception cref="DataFormatException">The run's dataset cannot be read.</exception>
    public static RunFigures Analyze(string runDirectory, AnalysisOptions? options = null) =>
        Compute(runDirectory, options ?? new AnalysisOptions(), deepen: true);

    /// <summary>Pictures and likelihood only: a sweep's card per run.</summary>
    /// <exception cref="FileNotFoundException">The folder, its options.json or its ONNX files are missing (the message
    /// names which).</exception>
    /// <exception cref="DataFormatException">The run's dataset cannot be read.</exception>
    public static RunFigures Summarize(string runDirectory, AnalysisOptions? options = null) =>
        Compute(runDirectory, options ?? new AnalysisOptions(), deepen: false);

    private static RunFigures Compute(string runDirectory, AnalysisOptions options, bool deepen)
    {
        var run = RunFolder.Open(runDirectory);
        var training = run.ReadOptions();
        var dataset = run.ReadDataset();
        using var model = OnnxVaeModel.Open(run.Path, options.Scoring);
        if (model.LatentSize != training.LatentSize)
            throw new InvalidDataException(
                $"{run.File(OnnxContract.EncoderFile)} gives latent size {model.LatentSize}, but {run.File(RunFolder.OptionsFile)} "
                    + $"says {training.LatentSize}: the ONNX files are not this run's export. Export the run's checkpoint again."
            );
        if (model.FallbackReason is { } reason)
            options.Progress?.Invoke($"warning: scoring on the CPU: {reason}");
        var test = DatasetLoader.Load(dataset with { MaxTestImages = null }, DataSplit.Test);
        if (test.Shape != model.Shape)
            throw new DataFormatException(
                dataset.Path,
                $"the test images are {test.Shape.Describe()} but the model in {run.Path} takes {model.Shape.Describe()}."
            );
        var (mu, logVar) = Encode(model, test);
        var likelihoodImages = test.Take(options.LikelihoodImages);
        var labelName = DatasetLabels.For(test);

        options.Progress?.Invoke($"{runDirectory}: pictures and likelihood ({likelihoodImages.Count:N0} images, k = {options.Samples})");
        var (pictures, centroidOrder) = DrawPictures(
            model,
            test.Pixels[..(Math.Min(32, test.Count) * test.Shape.Size)],
            mu,
            test.Labels,
            labelName,
            options.Seed
        );
        var figures = new RunFigures
        {
            RunDirectory = run.Path,
            Options = training,
            Dataset = dataset,
            Result = run.ReadResult(),
            EpochsDone = EpochsIn(run.File(RunFolder.MetricsJsonFile)),
            LabelName = labelName,
            Likelihood = ModelLikelihood.Evaluate(model, Batches(likelihoodImages), options.Samples, options.Seed),
            Pictures = pictures,
            LatentUnits = LatentUnits.Compute(mu, logVar, model.LatentSize),
            CentroidLabels = centroidOrder,
            TestImages = test.Count,
        };
        return deepen ? Deepen(figures, model, mu, test, options) : figures;
    }

    private static int EpochsIn(string metricsJson) =>
        File.Exists(metricsJson)
        && System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(metricsJson)) is System.Text.Json.Nodes.JsonArray epochs
            ? epochs.Count
            : 0;

    // μ and (for a VAE) log σ² [n, d] of every image, in batches.
    private static (float[] Mu, float[] LogVar) Encode(OnnxVaeModel model, ImageDataset data)
    {
        int d = model.LatentSize;
        var (mu, logVar) = (new float[data.Count * d], model.HasLogVar ? new float[data.Count * d] : []);
        for (int start = 0; start < data.Count; start += EvaluationBatch.Size)
        {
            int n = Math.Min(EvaluationBatch.Size, data.Count - start);
            model.Encode(
                data.Pixels.AsMemory(start * data.Shape.Size, n * data.Shape.Size),
                mu.AsMemory(start * d, n * d),
                model.HasLogVar ? logVar.AsMemory(start * d, n * d) : default
            );
        }
        return (mu, logVar);
    }

    private static IEnumerable<ReadOnlyMemory<float>> Batches(ImageDataset data)
    {
        for (int start = 0; start < data.Count; start += EvaluationBatch.Size)
            yield return data.Pixels.AsMemory(
                start * data.Shape.Size,
                Math.Min(EvaluationBatch.Size, data.Count - start) * data.Shape.Size
            );
    }

    // The four grids, and the class of each decoded centroid left to right.
    private static (List<Picture> Pictures, int[] CentroidOrder) DrawPictures(
        OnnxVaeModel model,
        float[] images,
        float[] mu,
        int[] labels,
        Func<int, string> name,
        int seed
    )
    {
        var (centroids, order) = Pictures.ClassCentroids(model, mu, labels);
        var (traversal, caption) = Pictures.LatentTraversal(model, mu);
        return (
            [
                new(
                    "reconstructions",
                    Pictures.Reconstructions(model, images),
                    "The first 32 test images (odd rows) over their reconstructions at z = μ (even rows)."
                ),
                new("samples", Pictures.PriorSamples(model, 64, seed), $"64 images decoded from z ~ N(0, I) (seed {seed})."),
                new(
                    "centroids",
                    centroids,
                    $"The decoded mean of each class's latent means over the {labels.Length:N0} test images, left to right: "
                        + string.Join(", ", order.Select(name))
                        + "."
                ),
                new(
                    "traversal",
                    traversal,
                    "A 15 × 15 grid decoded over "
                        + caption.Replace("of the test latent means", $"of the {labels.Length:N0} test latent means")
                        + "."
                ),
            ],
            order
        );
    }

    private static RunFigures Deepen(RunFigures figures, OnnxVaeModel model, float[] mu, ImageDataset test, AnalysisOptions options)
    {
        var labels = test.Labels;
        int d = model.LatentSize,
            n = Math.Min(options.ProjectionPoints, labels.Length),
            classes = labels.Distinct().Count();
        var skipped = new List<string>();
        var projections = d < 2 ? [] : Project(mu.AsSpan(0, n * d), d, labels[..n], options, skipped);
        if (classes < 2 || classes > labels.Length - 1)
        {
            skipped.Add(
                $"Silhouette, baselines and classifiers: the test split holds {classes} class{(classes == 1 ? "" : "es")} "
                    + $"in {labels.Length:N0} images; they need from 2 classes to one fewer than the images."
            );
            return figures with
            {
                Projections = projections,
                ProjectionLatents = projections.Count > 0 ? mu[..(n * d)] : [],
                Skipped = skipped,
            };
        }
        options.Progress?.Invoke($"silhouette of {labels.Length:N0} test latent means");
        var silhouette = Silhouette.Compute(mu, d, labels);
        var train = DatasetLoader.Load(figures.Dataset with { MaxTrainImages = options.ClassifierTrainImages }, DataSplit.Train);
        options.Progress?.Invoke($"classifiers on the latent means of {train.Count:N0} training images");
        var ml = new MLContext(options.Seed);
        var trainLatents = LatentTable.Create(ml, Encode(model, train).Mu, d, train.Pixels, train.Labels);
        var testLatents = LatentTable.Create(ml, mu, d, test.Pixels, labels);
        options.Progress?.Invoke($"the same classifiers on PCA-{d} and on the raw pixels");
        var baselines = ml.MulticlassClassification.EvaluateAgainstBaselines(
            trainLatents,
            testLatents,
            silhouetteRows: options.BaselineSilhouetteImages,
            seed: options.Seed
        );
        return figures with
        {
            Silhouette = silhouette,
            SilhouetteLabels = labels,
            Projections = projections,
            ProjectionLatents = projections.Count > 0 ? mu[..(n * d)] : [],
            Classifiers = LatentClassifiers.Evaluate(ml, trainLatents, testLatents),
            Baselines = baselines,
            ClassifierTrainImages = train.Count,
            Skipped = skipped,
        };
    }

    // PCA and t-SNE of the first n latent means; none when the points do not spread (a collapsed code).
    private static List<Projection2D> Project(
        ReadOnlySpan<float> subset,
        int d,
        int[] labels,
        AnalysisOptions options,
        List<string> skipped
    )
    {
        var pca = Pca.Fit(subset, d, 2);
        if (!(pca.ExplainedVarianceRatio[0] > 0))
        {
            skipped.Add(
                $"2-D projections: the {labels.Length:N0} test latent means are all one point (the posterior collapsed onto the prior), "
                    + "so PCA, t-SNE and UMAP have nothing to show."
            );
            return [];
        }
        var projections = new List<Projection2D>
        {
            new(
                "PCA",
                pca.Transform(subset),
                labels,
                $"PC 1 ({pca.ExplainedVarianceRatio[0]:P0} of variance)",
                $"PC 2 ({pca.ExplainedVarianceRatio[1]:P0})"
            ),
        };
        var tsne = new TsneOptions();
        if (labels.Length <= 3 * tsne.Perplexity)
        {
            // A small folder of one's own images can have fewer test images than t-SNE's neighbourhoods need.
            skipped.Add(
                $"t-SNE: {labels.Length:N0} test latent means; t-SNE at perplexity {tsne.Perplexity} needs more than "
                    + $"{3 * tsne.Perplexity} points."
            );
            return projections;
        }
        options.Progress?.Invoke($"t-SNE of {labels.Length:N0} test latent means");
        projections.Add(new("t-SNE", Tsne.Embed(subset, d, tsne), labels, "t-SNE 1", "t-SNE 2"));
        return projections;
    }
}
