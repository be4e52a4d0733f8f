namespace Vae.MLNet.Models;

/// <summary>
/// How many images one forward pass takes when a model is evaluated or scored rather than trained: the
/// validation and test losses, active units, the likelihood bounds, reports, <c>vae encode</c> and
/// decoded grids. 256 bounds the activations held at once: the conv decoder's for 1,024 images took
/// about 170 MB, and batches of 256 keep the main job's peak below 450 MiB (docs/benchmarks.md, "Memory").
/// Results do not depend on it beyond float rounding.
/// </summary>
internal static class EvaluationBatch
{
    /// <summary>Images per forward pass: 256.</summary>
    public const int Size = 256;
}
