using System.Globalization;
using Vae.MLNet.Models;

namespace Vae.MLNet.Reporting.Html;

/// <summary>The sections of one run, added to a page (ids get <c>prefix</c> so several runs fit one page).</summary>
public static class RunSections
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Every section of a single-run report, in reading order.</summary>
    public static void AddAll(HtmlPage page, RunFigures f, string prefix = "")
    {
        page.Section(prefix + "options", "Run", Options(f));
        page.Section(prefix + "metrics", "Metrics", Metrics(f));
        if (f.Result is { Epochs.Count: > 0 } r)
            page.Section(prefix + "loss-curves", "Loss curves", page.Chart(prefix + "chart-loss", Charts.LossCurves(r.Epochs),
                $"Total, reconstruction and KL terms per epoch, nats per image; training figures are means over the epoch's batches of {r.TrainImages:N0} images, validation figures are measured after it on {r.ValidationImages:N0} images."));
        foreach (var picture in f.Pictures)
            page.Section(prefix + picture.Name, Heading(picture.Name), page.Image(prefix + picture.Name, picture.Png, picture.Caption));
        if (f.Projections.Count > 0)
            page.Section(prefix + "projections", "2-D projections of the test latent means", string.Concat(f.Projections.Select(p =>
                page.Chart($"{prefix}chart-{p.Method.ToLowerInvariant().Replace("-", "")}", Charts.Scatter(p.Points, p.Labels, f.LabelName, p.XTitle, p.YTitle),
                    $"{p.Method} of the latent means μ of the first {p.Labels.Length:N0} test images, coloured by class."))));
        if (f.Silhouette is { } s)
            page.Section(prefix + "silhouette", "Silhouette", page.Chart(prefix + "chart-silhouette", Charts.Silhouette(s.Samples, f.SilhouetteLabels, s.Mean, f.LabelName),
                $"Silhouette coefficient of each of the {s.Samples.Length:N0} test latent means (Rousseeuw 1987, Euclidean), sorted within its class; dashed: the mean {s.Mean:F4}.") +
                HtmlPage.Table(["class", "mean silhouette"], s.PerClass.OrderBy(p => p.Key).Select(p => new[] { f.LabelName(p.Key), p.Value.ToString("F4", C) })));
        if (f.Classifiers.Count > 0)
            page.Section(prefix + "classifiers", "Classifiers on the latent means", Classifiers(f));
    }

    /// <summary>The run's options as a table.</summary>
    public static string Options(RunFigures f)
    {
        var o = f.Options;
        var rows = new (string, string)[]
        {
            ("run folder", f.RunDirectory), ("data", o.Data), ("preset", o.Preset), ("model", o.Kind == ModelKind.Variational ? "VAE" : "AE"),
            ("latent size d", o.LatentSize.ToString(C)), ("β", o.Beta.ToString("G4", C)), ("loss", o.Loss.ToString().ToUpperInvariant()),
            ("optimizer", $"{o.Optimizer}, learning rate {o.LearningRate.ToString("G4", C)}"), ("batch size", o.BatchSize.ToString(C)),
            ("epochs", o.Epochs.ToString(C)), ("seed", o.Seed.ToString(C)), ("validation split", o.ValidationFraction.ToString("G4", C)),
        };
        return HtmlPage.Table(["option", "value"], rows.Select(r => new[] { r.Item1, r.Item2 }));
    }

    /// <summary>Test figures and the per-epoch table.</summary>
    public static string Metrics(RunFigures f)
    {
        var l = f.Likelihood;
        var rows = new List<string[]>();
        if (f.Result is { } r)
            rows.Add(["test set at the end of training (engine, one z per image)", r.TestImages.ToString("N0", C),
                (r.Test.Reconstruction + r.Test.Kl).ToString("F2", C), r.Test.Reconstruction.ToString("F2", C), r.Test.Kl.ToString("F2", C), "—"]);
        rows.Add([$"first test images (ONNX files, k = {l.Samples})", l.Images.ToString("N0", C), l.NegativeElbo.ToString("F2", C),
            l.Reconstruction.ToString("F2", C), l.Kl.ToString("F2", C), l.ImportanceWeightedBound?.ToString("F2", C) ?? "— (AE or MSE)"]);
        string html = HtmlPage.Table(["figure", "images", "−ELBO", "reconstruction", "KL", "IWAE bound on −log p(x)"], rows) +
                      "<p>Nats per image. The importance-weighted bound is Burda et al. (2015), eq. 8.</p>";
        if (f.Result is { Epochs.Count: > 0 } run)
            html += HtmlPage.Table(["epoch", "train total", "train rec.", "train KL", "val. total", "val. rec.", "val. KL", "seconds", "learning rate"],
                run.Epochs.Select(e => new[]
                {
                    e.Epoch.ToString(C), e.Train.Total.ToString("F2", C), e.Train.Reconstruction.ToString("F2", C), e.Train.Kl.ToString("F2", C),
                    e.Validation?.Total.ToString("F2", C) ?? "—", e.Validation?.Reconstruction.ToString("F2", C) ?? "—", e.Validation?.Kl.ToString("F2", C) ?? "—",
                    e.Seconds.ToString("F1", C), e.LearningRate.ToString("G4", C),
                }));
        return html;
    }

    /// <summary>Classifier accuracies as a table.</summary>
    public static string Classifiers(RunFigures f) =>
        HtmlPage.Table(["classifier", "test accuracy", "macro-F1"], f.Classifiers.Select(c => new[] { c.Classifier, c.Accuracy.ToString("P1", C), c.MacroF1.ToString("F3", C) })) +
        $"<p>Trained on the latent means of the first {f.ClassifierTrainImages:N0} training images, evaluated on those of the {f.SilhouetteLabels.Length:N0} test images.</p>";

    private static string Heading(string picture) => picture switch
    {
        "reconstructions" => "Reconstructions",
        "samples" => "Samples from the prior",
        "centroids" => "Decoded class centroids",
        "traversal" => "Latent traversal",
        _ => picture,
    };
}
