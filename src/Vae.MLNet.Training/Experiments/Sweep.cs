using System.Globalization;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;

namespace Vae.MLNet.Training.Experiments;

/// <summary>
/// The β × latent-size grid of the notebook "Compulsory Assignment 4: Variational Autoencoders" (β ∈ {0.1, 1, 5}, d ∈
/// {2, 4, 8}, the conv-pool VAE): one run
/// per pair in <c>OUT/beta{β}-z{d}</c>, then one report comparing them (<c>vae sweep</c> writes it).
/// </summary>
public static class Sweep
{
    /// <summary>The runs of the grid, β outer, d inner; each options record is <paramref name="template"/> with β and d set,
    /// each trained on <paramref name="dataset"/>.</summary>
    /// <exception cref="ArgumentException">An empty list, or a value out of range.</exception>
    public static IReadOnlyList<PlannedRun> Plan(
        IReadOnlyList<double> betas,
        IReadOnlyList<int> latentSizes,
        TrainingOptions template,
        DatasetOptions dataset,
        string outDirectory
    )
    {
        if (betas.Count == 0 || latentSizes.Count == 0)
            throw new ArgumentException($"{nameof(betas)} and {nameof(latentSizes)} each need at least one value.");
        return betas
            .SelectMany(beta =>
                latentSizes.Select(d =>
                {
                    string name = $"beta{beta.ToString("G4", CultureInfo.InvariantCulture)}-z{d}";
                    return new PlannedRun(
                        name,
                        template with
                        {
                            Beta = beta,
                            LatentSize = d,
                            Kind = ModelKind.Variational,
                        },
                        dataset,
                        Path.Combine(outDirectory, name)
                    );
                })
            )
            .ToList();
    }
}
