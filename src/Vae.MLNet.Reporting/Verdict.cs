using System.Globalization;
using Vae.MLNet.Evaluation;
using Vae.MLNet.Runs;

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

    /// <summary>What to do about a weak model (null when it is not weak): for a collapsed code, the
    /// collapse guards; for latents that lose to PCA-d after fewer optimizer steps than the automatic epochs
    /// make (<see cref="TrainingOptions.OptimizerStepsTarget"/>), more steps; after as many, PCA-d itself.</summary>
    public string? Advice { get; init; }

    /// <summary>Judges a model from its latent units and, when computed, its baselines.</summary>
    /// <param name="units">The latent units' variance of μ and mean KL over the test images.</param>
    /// <param name="baselines">The latent means against PCA-d and the raw pixels; null when not computed.</param>
    /// <param name="optimizerSteps">Optimizer steps the run made, for the advice; null when unknown.</param>
    public static Verdict For(LatentUnitStats units, FeatureComparisonMetrics? baselines, long? optimizerSteps = null)
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
        return new Verdict(reasons.Count > 0, reasons, findings) { Advice = AdviceFor(units, baselines, optimizerSteps) };
    }

    private static string? AdviceFor(LatentUnitStats units, FeatureComparisonMetrics? baselines, long? steps)
    {
        if (units.Collapsed)
            return $"What to try: the default preset ('{TrainingOptions.DefaultPreset}') with free bits on "
                + $"(--free-bits {TrainingOptions.DefaultFreeBits.ToString(C)}), a KL warm-up (--kl-warmup 3), or a lower --lr.";
        if (baselines is not { LatentBeatsPca: false } b)
            return null;
        return steps < TrainingOptions.OptimizerStepsTarget
            ? $"What to try: more training. This run made {steps:N0} optimizer steps; "
                + $"the automatic epochs (--epochs 0, the default) make at least {TrainingOptions.OptimizerStepsTarget:N0}."
            : $"On this data {b.Pca.Name} gives the better features: ML.NET's ProjectToPrincipalComponents with "
                + $"{b.Pca.Dimensions} components, or the raw pixels for a classifier that can take them.";
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

    /// <summary>"Weak: …" or "Useful: …", with the advice when there is one.</summary>
    public string Text => $"{Word}: {Detail}" + (Advice is null ? "" : " " + Advice);

    private static string Pct(double x) => x.ToString("P1", C);
}
