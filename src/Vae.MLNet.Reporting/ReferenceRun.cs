namespace Vae.MLNet.Reporting;

/// <summary>
/// Figures of a reference run for a dataset, from docs/benchmarks.md, against which the report says
/// plainly when a run is weak. Only Fashion-MNIST has one: the main job (conv VAE, d = 10, 6 epochs,
/// test −ELBO 247.02 nats/image) and the seed-004 study's conv VAE (3 epochs), whose best classifier
/// on the latent means (LightGbm) reached 80.3 %.
/// </summary>
/// <param name="Description">Where the figures come from.</param>
/// <param name="NegativeElbo">Test −ELBO, nats per image (BCE VAE).</param>
/// <param name="BestAccuracy">Best test accuracy of a classifier on the latent means.</param>
public sealed record ReferenceRun(string Description, double NegativeElbo, double BestAccuracy)
{
    /// <summary>A −ELBO more than this many nats above the reference's is called weak.</summary>
    public const double ElboMargin = 10;

    /// <summary>An accuracy more than this below the reference's is called weak.</summary>
    public const double AccuracyMargin = 0.05;

    /// <summary>The reference for a dataset location, or null when there is none.</summary>
    public static ReferenceRun? For(string dataLocation) => dataLocation.Contains("fashion", StringComparison.OrdinalIgnoreCase)
        ? new ReferenceRun("docs/benchmarks.md: the main job (conv VAE, d = 10, 6 epochs) and the seed-004 study's conv VAE", 247.02, 0.803)
        : null;
}
