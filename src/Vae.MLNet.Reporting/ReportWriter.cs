using System.Globalization;
using Vae.MLNet.Models;
using Vae.MLNet.Reporting.Html;

namespace Vae.MLNet.Reporting;

/// <summary>Writes the HTML reports: one run, a sweep, a comparison.</summary>
public static class ReportWriter
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The report of one run into <c>RUN_DIR/report/</c> (or <paramref name="outDirectory"/>); with
    /// <paramref name="overwrite"/>, a report folder holding files the report did not write is replaced too.</summary>
    /// <returns>The path of index.html.</returns>
    public static string WriteRun(string runDirectory, AnalysisOptions? options = null, string? outDirectory = null, bool overwrite = false)
    {
        string dir = outDirectory ?? Path.Combine(runDirectory, "report");
        HtmlPage.RequireReportFolder(dir, overwrite); // before the analysis: a refused folder costs no work
        var figures = RunAnalysis.Analyze(runDirectory, options);
        var page = new HtmlPage($"Vae.MLNet report: {figures.Title}");
        RunSections.AddAll(page, figures);
        page.Write(dir, overwrite);
        return Path.Combine(Path.GetFullPath(dir), "index.html");
    }

    /// <summary>A sweep's report: the loss table of all runs, then each run's reconstructions and latent grid side by side.</summary>
    public static string WriteSweep(IReadOnlyList<RunFigures> runs, string outDirectory, string title)
    {
        var page = new HtmlPage(title);
        page.Section(
            "comparison",
            "Runs",
            HtmlPage.Table(
                ["run", "β", "d", "epochs", "test −ELBO", "reconstruction", "KL", "IWAE bound"],
                runs.Select(r =>
                    new[]
                    {
                        Path.GetFileName(r.RunDirectory),
                        r.Options.Beta.ToString("G4", C),
                        r.Options.LatentSize.ToString(C),
                        r.Options.EpochsText(r.Result?.TrainImages),
                        Test(r, t => t.Reconstruction + t.Kl),
                        Test(r, t => t.Reconstruction),
                        Test(r, t => t.Kl),
                        r.Likelihood.ImportanceWeightedBound?.ToString("F2", C) ?? "—",
                    }
                )
            )
                + $"<p>Test figures in nats per image (engine, end of training, {runs[0].Result?.TestImages ?? 0:N0} "
                + $"test images); IWAE on the first {runs[0].Likelihood.Images:N0} test images from the ONNX files.</p>"
        );
        var finished = runs.Where(r => r.Result is not null).ToList();
        if (finished.Count > 0)
            page.Section(
                "rate-distortion",
                "Rate and distortion",
                page.Chart(
                    "chart-rate-distortion",
                    Charts.RateDistortion(
                        finished.Select(r => (r.Result!.Test.Kl, r.Result.Test.Reconstruction, r.Options.Beta, r.Options.LatentSize))
                    ),
                    "Each run of the sweep at (rate, distortion) = (KL term, reconstruction term) "
                        + $"on its {finished[0].Result!.TestImages:N0} test images, nats per image "
                        + "(Alemi et al. 2018): larger β buys a smaller rate with more distortion; −ELBO = "
                        + "rate + distortion is constant along lines of slope −1, and β = 1 minimises it."
                )
            );
        var cards = runs.Select(
            (r, i) =>
                "<div class=\"card\">"
                + $"<h3>{HtmlPage.Text(r.Title)}</h3>"
                + string.Concat(
                    r.Pictures.Where(p => p.Name is "reconstructions" or "traversal")
                        .Select(p => RunSections.Labelled(page, r, $"run{i}-{p.Name}", p, scale: 1))
                )
                + "</div>"
        );
        page.Section("runs", "Reconstructions and latent grids", "<div class=\"cards\">" + string.Concat(cards) + "</div>");
        page.Write(outDirectory);
        return Path.Combine(Path.GetFullPath(outDirectory), "index.html");
    }

    /// <summary>A comparison of models (the study of "Analysis of the latent space in the variational auto-encoder"):
    /// one table, then each model's full sections.</summary>
    public static string WriteComparison(IReadOnlyList<(string Name, RunFigures Figures)> models, string outDirectory, string title)
    {
        var page = new HtmlPage(title);
        var classifiers = models[0].Figures.Classifiers.Select(c => c.Classifier).ToArray();
        page.Section(
            "comparison",
            "Models",
            HtmlPage.Table(
                new[] { "model", "silhouette", "−ELBO", "IWAE bound" }.Concat(classifiers.Select(c => c + " accuracy")),
                models
                    .Select(m =>
                        new[]
                        {
                            $"{m.Name} ({m.Figures.Title})",
                            m.Figures.Silhouette?.Mean.ToString("F4", C) ?? "—",
                            m.Figures.Likelihood.NegativeElbo.ToString("F2", C),
                            m.Figures.Likelihood.ImportanceWeightedBound?.ToString("F2", C) ?? "—",
                        }.Concat(m.Figures.Classifiers.Select(c => c.Accuracy.ToString("P1", C)))
                    )
                    .Concat(BaselineRows(models[0].Figures, classifiers))
            )
                + $"<p>Silhouette of all {models[0].Figures.SilhouetteLabels.Length:N0} test latent means; "
                + "−ELBO (an AE's: its reconstruction term) and the importance-weighted bound on the first "
                + $"{models[0].Figures.Likelihood.Images:N0} test images, nats per image; classifiers trained on "
                + $"the latent means of the first {models[0].Figures.ClassifierTrainImages:N0} training images. "
                + "The baseline rows put PCA with as many components as the latent size, and the raw "
                + "pixels, through the same logistic regression and k-NN (their silhouettes over the first "
                + $"{models[0].Figures.Baselines?.SilhouetteRows ?? 0:N0} test images); "
                + "each model's own section says whether its latent means beat PCA.</p>"
        );
        for (int i = 0; i < models.Count; i++)
        {
            page.Part($"m{i}", $"{models[i].Name}: {models[i].Figures.Title}");
            RunSections.AddAll(page, models[i].Figures, $"m{i}-");
        }
        page.Write(outDirectory);
        return Path.Combine(Path.GetFullPath(outDirectory), "index.html");
    }

    // PCA-d and the raw pixels in the models table: only the classifiers they share with the latents have figures.
    private static IEnumerable<string[]> BaselineRows(RunFigures first, string[] classifiers) =>
        first.Baselines is not { } b
            ? []
            : new[] { b.Pca, b.RawPixels }.Select(f =>
                new[] { $"{f.Name} (baseline)", f.Silhouette.ToString("F4", C), "—", "—" }
                    .Concat(
                        classifiers.Select(c =>
                            c.StartsWith("k-NN", StringComparison.Ordinal) ? f.KnnAccuracy.ToString("P1", C)
                            : c.StartsWith("logistic", StringComparison.Ordinal) ? f.LogisticAccuracy.ToString("P1", C)
                            : "—"
                        )
                    )
                    .ToArray()
            );

    private static string Test(RunFigures r, Func<VaeLoss, double> term) => r.Result is { } res ? term(res.Test).ToString("F2", C) : "—";
}
