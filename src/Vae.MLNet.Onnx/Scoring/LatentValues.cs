namespace Vae.MLNet.Scoring;

/// <summary>
/// The range of latent values the decoder accepts: finite and within ±<see cref="MaxAbs"/>. A NaN,
/// an infinity or a value like 1e30 decodes to a black or NaN image with no error; callers refuse
/// such input instead (the CLI with exit code 2, the service with 422), naming the row and column.
/// </summary>
internal static class LatentValues
{
    /// <summary>Largest |z| accepted: 10⁶ prior standard deviations, far beyond any encoder's output.</summary>
    public const float MaxAbs = 1e6f;

    /// <summary><see cref="MaxAbs"/> as messages write it.</summary>
    public const string MaxAbsText = "1e6";

    /// <summary>The first value out of range in z [n, d] row-major, or null when all are fine.</summary>
    public static (int Row, int Column, float Value)? FirstOutOfRange(ReadOnlySpan<float> z, int d)
    {
        for (int i = 0; i < z.Length; i++)
            if (!(MathF.Abs(z[i]) <= MaxAbs))
                return (i / d, i % d, z[i]); // false for NaN too
        return null;
    }

    /// <summary>Describes a value out of range: "row 3, column mu_2 = NaN is not finite".</summary>
    public static string Describe((int Row, int Column, float Value) bad) =>
        $"row {bad.Row}, column mu_{bad.Column + 1} = {Problem(bad.Value)}";

    /// <summary>What is wrong with a value out of range: "NaN is not finite", "1E+30 is outside ±1e6".</summary>
    public static string Problem(float value) => $"{value} is {(float.IsFinite(value) ? $"outside ±{MaxAbsText}" : "not finite")}";
}
