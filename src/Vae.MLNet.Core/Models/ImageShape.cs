namespace Vae.MLNet.Models;

/// <summary>
/// The one image shape every part of the product works in: a 28×28 grayscale image, laid out as
/// [N, 1, 28, 28] float32 (NCHW, row-major), pixel values in [0, 1] (byte / 255) unless a member
/// says otherwise. The MNIST family, Fashion-MNIST and Sign-Language-MNIST all share it.
/// </summary>
public static class ImageShape
{
    /// <summary>Channels per image (grayscale).</summary>
    public const int Channels = 1;

    /// <summary>Image side in pixels.</summary>
    public const int Side = 28;

    /// <summary>Pixels per image (28 × 28 = 784).</summary>
    public const int Pixels = Side * Side;

    /// <summary>The NCHW shape of <paramref name="count"/> images: [count, 1, 28, 28].</summary>
    public static long[] Nchw(long count) => [count, Channels, Side, Side];
}
