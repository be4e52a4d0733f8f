namespace Vae.MLNet;

/// <summary>How well a simple probe classifies latent vectors on a test set.</summary>
/// <param name="Accuracy">Share of test rows predicted right, in [0, 1].</param>
/// <param name="MacroF1">Unweighted mean of the per-class F1 scores (scikit-learn's <c>f1_score(average='macro')</c>).</param>
/// <param name="Count">Test rows.</param>
public sealed record LatentProbeMetrics(double Accuracy, double MacroF1, int Count);
