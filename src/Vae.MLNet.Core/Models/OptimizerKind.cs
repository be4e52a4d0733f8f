namespace Vae.MLNet.Models;

/// <summary>The optimizer a model trains with.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma &amp; Ba 2015, Algorithm 1), with torch.optim.Adam's defaults (β₁ 0.9, β₂ 0.999, ε 1e-8).</summary>
    Adam,

    /// <summary>Adamax (Kingma &amp; Ba 2015, §7.1, Algorithm 2), with torch.optim.Adamax's defaults.</summary>
    Adamax,
}

/// <summary>
/// The names of <see cref="OptimizerKind"/> wherever it is written as text: options.json (its enum converter writes the
/// same lower-case names), checkpoints, logs and the command line.
/// </summary>
public static class OptimizerNames
{
    /// <summary>The name of <see cref="OptimizerKind.Adam"/>.</summary>
    public const string Adam = "adam";

    /// <summary>The name of <see cref="OptimizerKind.Adamax"/>.</summary>
    public const string Adamax = "adamax";

    private static readonly EnumNames<OptimizerKind> Names = new((OptimizerKind.Adam, Adam), (OptimizerKind.Adamax, Adamax));

    /// <summary>"adam" or "adamax".</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined <see cref="OptimizerKind"/>.</exception>
    public static string Name(this OptimizerKind kind) => Names.Name(kind);

    /// <summary>The optimizer named <paramref name="text"/> (case-insensitive), or false.</summary>
    public static bool TryParse(string? text, out OptimizerKind kind) => Names.TryParse(text, out kind);
}

/// <summary>The short names of <see cref="ModelKind"/>, as the command line, run folder names and reports write them.</summary>
public static class ModelKindNames
{
    /// <summary>The name of <see cref="ModelKind.Variational"/>.</summary>
    public const string Vae = "vae";

    /// <summary>The name of <see cref="ModelKind.Autoencoder"/>.</summary>
    public const string Ae = "ae";

    private static readonly EnumNames<ModelKind> Names = new((ModelKind.Variational, Vae), (ModelKind.Autoencoder, Ae));

    /// <summary>"vae" or "ae".</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined <see cref="ModelKind"/>.</exception>
    public static string Name(this ModelKind kind) => Names.Name(kind);

    /// <summary>The kind named <paramref name="text"/> (case-insensitive), or false.</summary>
    public static bool TryParse(string? text, out ModelKind kind) => Names.TryParse(text, out kind);
}
