using Vae.MLNet.Models;
using Vae.MLNet.Runs;

namespace Vae.MLNet.Training.Experiments;

/// <summary>
/// The study of the notebook "Analysis of the latent space in the variational auto-encoder" as a command: models with
/// the same latent size, each trained in <c>OUT/NAME</c>,
/// then one report with the silhouette, likelihood and classifier table and each model's full sections.
/// </summary>
public static class Comparison
{
    /// <summary>The model names <see cref="Plan"/> knows: dense-small AE and VAE (the notebook's 784 → 300 → d), the
    /// default conv-leaky VAE, the notebooks' conv AE and VAE, the notebook's deep conv VAE.</summary>
    public static IReadOnlyDictionary<string, (string Preset, ModelKind Kind)> Models { get; } =
        new Dictionary<string, (string, ModelKind)>
        {
            [ModelKindNames.Ae] = (Presets.DenseSmall, ModelKind.Autoencoder),
            [ModelKindNames.Vae] = (Presets.DenseSmall, ModelKind.Variational),
            ["conv-leaky-vae"] = (Presets.ConvLeaky, ModelKind.Variational),
            ["conv-ae"] = (Presets.Conv, ModelKind.Autoencoder),
            ["conv-vae"] = (Presets.Conv, ModelKind.Variational),
            ["deep-conv-vae"] = (Presets.ConvDeep, ModelKind.Variational),
        };

    /// <summary>The runs: dense models get <paramref name="denseEpochs"/>, convolutional ones <paramref name="convEpochs"/>.</summary>
    /// <exception cref="ArgumentException">An unknown model name (the message lists the known ones).</exception>
    public static IReadOnlyList<PlannedRun> Plan(
        IReadOnlyList<string> names,
        TrainingOptions template,
        DatasetOptions dataset,
        int denseEpochs,
        int convEpochs,
        string outDirectory
    )
    {
        if (names.Count == 0)
            throw new ArgumentException($"{nameof(names)} needs at least one model.", nameof(names));
        return names
            .Select(name =>
            {
                if (!Models.TryGetValue(name, out var model))
                    throw new ArgumentException(
                        $"{nameof(names)}: unknown model '{name}'; known: {string.Join(", ", Models.Keys)}.",
                        nameof(names)
                    );
                int epochs = model.Preset.StartsWith("conv", StringComparison.Ordinal) ? convEpochs : denseEpochs;
                return new PlannedRun(
                    name,
                    template with
                    {
                        Preset = model.Preset,
                        Kind = model.Kind,
                        Epochs = epochs,
                    },
                    dataset,
                    Path.Combine(outDirectory, name)
                );
            })
            .ToList();
    }
}
