using System.Globalization;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;
using Vae.MLNet.Training;

namespace Vae.MLNet.Cli;

/// <summary>The closing lines of <c>vae train</c>.</summary>
internal static class TrainingSummary
{
    internal static void Print(TrainingOptions options, TrainingResult result, string runDir)
    {
        var t = result.Test;
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"Run folder: {Path.GetFullPath(runDir)}");
        if (options.Kind == ModelKind.Variational)
        {
            // The ELBO bound is reconstruction + KL whatever β was used in training.
            Console.WriteLine(
                string.Format(
                    c,
                    "Test negative ELBO: {0:F2} nats/image (reconstruction {1:F2}, KL {2:F2}; {3} test images)",
                    t.Reconstruction + t.Kl,
                    t.Reconstruction,
                    t.Kl,
                    result.TestImages
                )
            );
        }
        else
        {
            Console.WriteLine(
                string.Format(c, "Test reconstruction loss: {0:F2} per image ({1} test images)", t.Reconstruction, result.TestImages)
            );
        }
        if (result.LatentUnits is not { } units)
            return;
        Console.WriteLine(
            units.KlPerDimension is { } kl
                ? string.Format(
                    c,
                    "Latent units: {0} of {1} active; KL per unit {2} nats",
                    units.ActiveCount,
                    units.Active.Length,
                    string.Join(" ", kl.Select(k => k.ToString("F2", c)))
                )
                : string.Format(
                    c,
                    "Latent units: {0} of {1} active (variance of μ > {2})",
                    units.ActiveCount,
                    units.Active.Length,
                    Evaluation.LatentUnits.ActivityThreshold
                )
        );
        if (units.Collapsed)
            Console.Error.WriteLine("Warning: " + OptionFlags.Translate(TrainingJob.CollapseWarning(units)));
    }
}
