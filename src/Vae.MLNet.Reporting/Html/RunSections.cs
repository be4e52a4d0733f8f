using System.Globalization;
using Vae.MLNet.Evaluation;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;

namespace Vae.MLNet.Reporting.Html;

/// <summary>The sections of one run, added to a page (ids get <c>prefix</c> so several runs fit one page).</summary>
public static class RunSections
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    // PCA, t-SNE and UMAP side by side on a 1,400 px screen: one legend, on the last.
    private const int ProjectionSize = 320;

    /// <summary>Every section of a single-run report, in reading order.</summary>
    public static void AddAll(HtmlPage page, RunFigures f, string prefix = "")
    {
        // A comparison lists each model in the table of contents, not its sections.
        HtmlPage Section(string id, string heading, string html) => page.Section(id, heading, html, listed: prefix.Length == 0);
        page.Raw(Summary(f));
        Section(prefix + "options", "Run", Options(f));
        Section(prefix + "metrics", "Metrics", Metrics(f));
        if (f.Result is { Epochs.Count: > 0 } r)
            Section(
                prefix + "loss-curves",
                "Loss curves",
                page.Chart(
                    prefix + "chart-loss",
                    Charts.LossCurves(r.Epochs),
                    "Total, reconstruction and KL terms per epoch, nats per image; training figures are means over the epoch's "
                        + $"batches of {r.TrainImages:N0} images, validation figures "
                        + $"are measured after it on {r.ValidationImages:N0} images."
                )
            );
        Section(
            prefix + "latent-units",
            "Latent dimensions: active units and KL",
            page.Chart(prefix + "chart-units", Charts.LatentUnits(f.LatentUnits), UnitsCaption(f))
        );
        foreach (var picture in f.Pictures)
            Section(prefix + picture.Name, Heading(picture.Name), Labelled(page, f, prefix + picture.Name, picture));
        if (f.Projections.Count > 0)
            Section(
                prefix + "projections",
                "2-D projections of the test latent means",
                string.Concat(
                    f.Projections.Select(p =>
                        page.Chart(
                            $"{prefix}chart-{p.Method.ToLowerInvariant().Replace("-", "")}",
                            Charts.Scatter(p.Points, p.Labels, f.LabelName, p.XTitle, p.YTitle, ProjectionSize, legend: false),
                            $"{p.Method} of the latent means μ of the first {p.Labels.Length:N0} test images, coloured by class."
                        )
                    )
                ) + Umap(page, f, prefix)
            );
        if (f.Silhouette is { } s)
            Section(
                prefix + "silhouette",
                "Silhouette",
                page.Chart(
                    prefix + "chart-silhouette",
                    Charts.Silhouette(s.Samples, f.SilhouetteLabels, s.Mean, f.LabelName),
                    $"Silhouette coefficient of each of the {s.Samples.Length:N0} test latent means "
                        + $"(Rousseeuw 1987, Euclidean), sorted within its class; dashed: the mean {s.Mean:F4}."
                )
                    + HtmlPage.Table(
                        ["class", "mean silhouette"],
                        s.PerClass.OrderBy(p => p.Key).Select(p => new[] { f.LabelName(p.Key), p.Value.ToString("F4", C) })
                    )
            );
        if (f.Baselines is { } b)
            Section(prefix + "baselines", $"Latent means against {b.Pca.Name} and raw pixels", Baselines(b));
        if (f.Classifiers.Count > 0)
            Section(prefix + "classifiers", "Classifiers on the latent means", Classifiers(f));
        if (f.Skipped.Count > 0)
            Section(
                prefix + "skipped",
                "Not computed",
                "<ul>" + string.Concat(f.Skipped.Select(s => $"<li>{HtmlPage.Text(s)}</li>")) + "</ul>"
            );
    }

    // UMAP of the same points, computed in the page (umap-js, seeded), beside PCA and t-SNE.
    private static string Umap(HtmlPage page, RunFigures f, string prefix)
    {
        var labels = f.Projections[0].Labels;
        return page.Umap(
            prefix + "chart-umap",
            f.ProjectionLatents,
            f.Options.LatentSize,
            labels.Select(f.LabelName).ToArray(),
            f.Options.Seed,
            Charts.Scatter([], [], f.LabelName, "UMAP 1", "UMAP 2", ProjectionSize), // the legend of all three
            "UMAP (McInnes et al. 2018; umap-js, 15 neighbours, min. distance 0.1, seed "
                + $"{f.Options.Seed}) of the same {labels.Length:N0} latent means, computed when the page opens."
        );
    }

    /// <summary>The run's options as a table.</summary>
    public static string Options(RunFigures f)
    {
        var o = f.Options;
        var rows = new (string, string)[]
        {
            ("run folder", f.RunDirectory),
            ("data", f.Dataset.Path),
            ("preset", o.Preset),
            ("model", o.Kind == ModelKind.Variational ? "VAE" : "AE"),
            ("latent size d", o.LatentSize.ToString(C)),
            ("β", o.Beta.ToString("G4", C)),
            ("loss", o.Loss.ToString().ToUpperInvariant()),
            ("optimizer", $"{o.Optimizer.Name()}, learning rate {o.LearningRate.ToString("G4", C)}"),
            ("batch size", o.BatchSizeText(f.Result?.TrainImages)),
            ("epochs", o.EpochsText(f.Result?.TrainImages)),
            ("seed", o.Seed.ToString(C)),
            ("validation split", o.ValidationFraction.ToString("G4", C)),
            ("free bits λ", o.FreeBits > 0 ? $"{o.FreeBits.ToString("G4", C)} nats per latent dimension" : "off"),
            ("learning-rate schedule", o.Schedule.ToString().ToLowerInvariant()),
        };
        return HtmlPage.Table(["option", "value"], rows.Select(r => new[] { r.Item1, r.Item2 }));
    }

    /// <summary>Test figures and the per-epoch table.</summary>
    public static string Metrics(RunFigures f)
    {
        var l = f.Likelihood;
        var rows = new List<string[]>();
        if (f.Result is { } r)
            rows.Add([
                "test set at the end of training (engine, one z per image)",
                r.TestImages.ToString("N0", C),
                (r.Test.Reconstruction + r.Test.Kl).ToString("F2", C),
                r.Test.Reconstruction.ToString("F2", C),
                r.Test.Kl.ToString("F2", C),
                "—",
            ]);
        rows.Add([
            $"first test images (ONNX files, k = {l.Samples})",
            l.Images.ToString("N0", C),
            l.NegativeElbo.ToString("F2", C),
            l.Reconstruction.ToString("F2", C),
            l.Kl.ToString("F2", C),
            l.ImportanceWeightedBound?.ToString("F2", C) ?? "— (AE or MSE)",
        ]);
        string html =
            HtmlPage.Table(["figure", "images", "−ELBO", "reconstruction", "KL", "IWAE bound on −log p(x)"], rows)
            + "<p>Nats per image. The importance-weighted bound is Burda et al. (2015), eq. 8.</p>";
        if (f.Result is { Epochs.Count: > 0 } run)
            html += HtmlPage.Table(
                ["epoch", "train total", "train rec.", "train KL", "val. total", "val. rec.", "val. KL", "seconds", "learning rate"],
                run.Epochs.Select(e =>
                    new[]
                    {
                        e.Epoch.ToString(C),
                        e.Train.Total.ToString("F2", C),
                        e.Train.Reconstruction.ToString("F2", C),
                        e.Train.Kl.ToString("F2", C),
                        e.Validation?.Total.ToString("F2", C) ?? "—",
                        e.Validation?.Reconstruction.ToString("F2", C) ?? "—",
                        e.Validation?.Kl.ToString("F2", C) ?? "—",
                        e.Seconds.ToString("F1", C),
                        e.LearningRate.ToString("G4", C),
                    }
                )
            );
        return html;
    }

    /// <summary>Classifier accuracies as a table.</summary>
    public static string Classifiers(RunFigures f) =>
        HtmlPage.Table(
            ["classifier", "test accuracy", "macro-F1"],
            f.Classifiers.Select(c => new[] { c.Classifier, c.Accuracy.ToString("P1", C), c.MacroF1.ToString("F3", C) })
        )
        + $"<p>Trained on the latent means of the first {f.ClassifierTrainImages:N0} training "
        + $"images, evaluated on those of the {f.SilhouetteLabels.Length:N0} test images.</p>";

    /// <summary>
    /// "How good is this model": the plain <see cref="Verdict"/> first (Weak or Useful, against PCA-d and
    /// the raw pixels on this run's own data), then the test figures, active units and best classifier.
    /// </summary>
    public static string Summary(RunFigures f)
    {
        var (l, units, d) = (f.Likelihood, f.LatentUnits, f.Options.LatentSize);
        var best = f.Classifiers.OrderByDescending(c => c.Accuracy).FirstOrDefault();
        double? elbo = f.Result is { } r ? r.Test.Reconstruction + r.Test.Kl : null;
        var parts = new List<string>();
        if (elbo is { } e)
            parts.Add(
                f.Options.Kind == ModelKind.Variational
                    ? $"test −ELBO {e:F2} nats/image over {f.Result!.TestImages:N0} images"
                    : $"test reconstruction loss {e:F2} nats/image over {f.Result!.TestImages:N0} images (an AE has no ELBO)"
            );
        if (l.ImportanceWeightedBound is { } iw)
            parts.Add($"importance-weighted bound {iw:F2} (first {l.Images:N0} test images)");
        parts.Add($"{units.ActiveCount} of {d} latent units active");
        if (best is not null)
            parts.Add($"best classifier on the latent means: {best.Classifier}, {best.Accuracy.ToString("P1", C)}");
        var verdict = Verdict.For(units, f.Baselines, OptimizerSteps(f));
        string unfinished = f.Result is null
            ? "<p class=\"summary weak\"><strong>Unfinished run:</strong> "
                + $"training stopped after epoch {f.EpochsDone} of {f.Options.EpochsText(null)} "
                + "(the folder has no result.json). Every figure below is of its "
                + "last checkpoint; 'vae train --resume RUN_DIR' finishes it.</p>\n"
            : "";
        return unfinished
            + $"<p class=\"summary{(verdict.Weak ? " weak" : "")}\"><strong>{verdict.Word}:</strong> {HtmlPage.Text(verdict.Detail)} "
            + (verdict.Advice is { } advice ? HtmlPage.Text(advice) + " " : "")
            + $"<strong>How good is this model:</strong> {HtmlPage.Text(string.Join("; ", parts))}.</p>\n";
    }

    // Steps of a finished run: its epochs times the batches of one epoch (the last batch may be short).
    private static long? OptimizerSteps(RunFigures f) =>
        f.Result is { } r && r.TrainImages > 0 ? (long)r.Epochs.Count * f.Options.BatchesPerEpoch(r.TrainImages) : null;

    /// <summary>The latent means beside PCA-d and the raw pixels: the same classifiers and silhouette, the same rows.</summary>
    public static string Baselines(FeatureComparisonMetrics b) =>
        HtmlPage.Table(
            [
                "features",
                "values per image",
                "logistic regression accuracy",
                "macro-F1",
                $"{b.Neighbors}-NN accuracy",
                "macro-F1",
                "silhouette",
            ],
            b.All.Select(f =>
                new[]
                {
                    f.Name,
                    f.Dimensions.ToString(C),
                    f.LogisticAccuracy.ToString("P1", C),
                    f.LogisticMacroF1.ToString("F3", C),
                    f.KnnAccuracy.ToString("P1", C),
                    f.KnnMacroF1.ToString("F3", C),
                    f.Silhouette.ToString("F4", C),
                }
            )
        )
        + "<p>ML.NET's L-BFGS logistic regression (<code>LbfgsMaximumEntropy</code>, "
        + $"defaults) and a {b.Neighbors}-nearest-neighbour vote, "
        + $"trained on the first {b.TrainRows:N0} training images and measured on {b.TestRows:N0} test images; {b.Pca.Name} is ML.NET's "
        + $"<code>ProjectToPrincipalComponents</code> with {b.Pca.Dimensions} components fitted on the same training images; silhouettes "
        + $"over the first {b.SilhouetteRows:N0} test images grouped by class. A featurizer "
        + $"earns its place when its latent means beat {b.Pca.Name} on both classifiers.</p>";

    private static string UnitsCaption(RunFigures f) =>
        (
            f.LatentUnits.KlPerDimension is null
                ? "Variance over the test set of each latent mean μ_j (an AE has no KL term)"
                : "KL term of each latent dimension, mean over the test set, nats"
        )
        + "; "
        + $"{f.LatentUnits.ActiveCount} of {f.Options.LatentSize} units are active (over the {f.TestImages:N0} "
        + $"test images, Var of μ_j > {LatentUnits.ActivityThreshold} as Burda et al. 2015, §5.2"
        + (f.LatentUnits.KlPerDimension is null ? "" : $", and mean KL ≥ {LatentUnits.KlThreshold} nats")
        + "). "
        + "An inactive dimension has collapsed onto the prior and carries nothing about the image.";

    // An image grid with its labels around it: which rows are originals and which reconstructions,
    // the class under each decoded centroid, the axes of the latent traversal.
    /// <summary>One of the run's pictures as a figure with its labels (the sweep's cards use it too).</summary>
    public static string Labelled(HtmlPage page, RunFigures f, string id, Picture picture, int scale = 2)
    {
        var (x, y) = f.Options.LatentSize == 2 ? ("z₁", "z₂") : ("PC 1", "PC 2");
        return picture.Name switch
        {
            "reconstructions" => page.Image(
                id,
                picture.Png,
                picture.Caption,
                scale,
                rowLabels: ["original", "reconstruction", "original", "reconstruction"]
            ),
            "centroids" => page.Image(
                id,
                picture.Png,
                picture.Caption,
                scale,
                columnLabels: f.CentroidLabels.Select(f.LabelName).ToArray()
            ),
            "traversal" => page.Image(
                id,
                picture.Png,
                picture.Caption,
                scale,
                rowLabels: [$"{y} = +3", $"{y} = 0", $"{y} = −3"],
                columnLabels: [$"{x} = −3", $"{x} = 0", $"{x} = +3"],
                axis: true
            ),
            _ => page.Image(id, picture.Png, picture.Caption, scale),
        };
    }

    private static string Heading(string picture) =>
        picture switch
        {
            "reconstructions" => "Reconstructions",
            "samples" => "Samples from the prior",
            "centroids" => "Decoded class centroids",
            "traversal" => "Latent traversal",
            _ => picture,
        };
}
