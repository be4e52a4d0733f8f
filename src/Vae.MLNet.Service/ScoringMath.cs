namespace Vae.MLNet.Service;

/// <summary>Small helpers on scoring outputs.</summary>
public static class ScoringMath
{
    /// <summary>Splits a flat [n, width] buffer into n rows.</summary>
    public static float[][] Rows(float[] flat, int width) =>
        Enumerable.Range(0, flat.Length / width).Select(i => flat.AsSpan(i * width, width).ToArray()).ToArray();
}
