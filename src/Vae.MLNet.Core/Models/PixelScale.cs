namespace Vae.MLNet;

// In the featurizer's public namespace: users set it on VaeFeaturizerOptions with only `using Vae.MLNet;`.
/// <summary>How the featurizer graph's input pixels are scaled.</summary>
public enum PixelScale
{
    /// <summary>Pixels are float32 in [0, 1] (byte / 255), as the encoder expects.</summary>
    UnitInterval,

    /// <summary>Pixels are float32 in [0, 255]; the graph divides them by 255 first (a Div node).</summary>
    Bytes,
}

/// <summary>What a <see cref="PixelScale"/> means as a number.</summary>
public static class PixelScales
{
    /// <summary>The value of a white pixel: 1 for <see cref="PixelScale.UnitInterval"/>, 255 for <see cref="PixelScale.Bytes"/>.</summary>
    public static float White(this PixelScale scale) => scale == PixelScale.Bytes ? 255f : 1f;
}
