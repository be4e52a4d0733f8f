using System.Globalization;
using Vae.MLNet.Evaluation;

namespace Vae.MLNet.Reporting;

/// <summary>
/// The report's first word on a model, for any dataset: <b>Weak</b> when its latent means do not beat
/// PCA with the same number of components on both classifiers (logistic regression and k-NN, same rows),
/// or when the latent code has collapsed (<see cref="LatentUnitStats.Collapsed"/>: fewer than half of
/// the units carry ≥ <see cref="LatentUnits.KlThreshold"/> nats); <b>Useful</b> otherwise. No reference
/// run of a particular dataset is needed: the baselines are computed on the user's own data.
/// </summary>
/// <param name="Weak">True when a reason below holds.</param>
/// <param name="Reasons">Why it is weak (empty when it is not).</param>
/// <param name="Findings">What was compared, whatever the outcome.</param>
public sealed record Verdict(bool Weak, IReadOnlyList<string> Reasons, IReadOnlyList<string> Findings)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Judges a model from its latent units and, when computed, its baselines.</summary>
    public static Verdict For(LatentUnitStats units, FeatureComparisonMetrics? baselines)
    {
        var (reasons, findings) = (new List<string>(), new List<string>());
        int d = units.Active.Length;
        if (units.Collapsed)
            reasons.Add(
                $"posterior collapse: only {units.ActiveCount} of {d} latent units carry information"
                    + (units.KlPerDimension is null ? "" : $" (mean KL ≥ {LatentUnits.KlThreshold.ToString(C)} nats)")
            );
        if (baselines is { } b)
        {
            string pair(FeatureSetMetrics f) => $"{Pct(f.LogisticAccuracy)} / {Pct(f.KnnAccuracy)}";
            string line =
                $"latent means {pair(b.Latent)} against {b.Pca.Name} {pair(b.Pca)} and raw pixels {pair(b.RawPixels)} "
                + $"(logistic regression / {b.Neighbors}-NN test accuracy)";
            if (b.LatentBeatsPca)
                findings.Add(line);
            else
                reasons.Add($"the latent means do not beat {b.Pca.Name} on both classifiers: {line}");
            if (b.Latent.LogisticAccuracy >= b.RawPixels.LogisticAccuracy && b.Latent.KnnAccuracy >= b.RawPixels.KnnAccuracy)
                findings.Add($"{d} latent numbers classify as well as all {b.RawPixels.Dimensions} pixels");
        }
        return new Verdict(reasons.Count > 0, reasons, findings);
    }

    /// <summary>"Weak" or "Useful".</summary>
    public string Word => Weak ? "Weak" : "Useful";

    /// <summary>Why: the reasons when weak, else the findings, as one sentence ending in a period.</summary>
    public string Detail =>
        (
            Weak ? string.Join("; ", Reasons)
            : Findings.Count > 0 ? string.Join("; ", Findings)
            : "no latent unit has collapsed (classifiers not run)"
        ) + ".";

    /// <summary>One sentence: "Weak: …" or "Useful: …".</summary>
    public string Text => $"{Word}: {Detail}";

    private static string Pct(double x) => x.ToString("P1", C);
}
