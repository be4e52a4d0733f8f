using System.Globalization;

namespace Vae.MLNet.Models;

/// <summary>
/// The shape of one image: channels (1 for grayscale, 3 for RGB), height and width in pixels. Images are
/// laid out as [N, C, H, W] float32 (NCHW, row-major; for colour, the red plane, then green, then blue),
/// pixel values in [0, 1] (byte / 255) unless a member says otherwise. A dataset chooses it, the model
/// spec records it (its <c>input</c> line), and every consumer (engine, ONNX files, featurizer, service,
/// report) reads it from there.
/// </summary>
public readonly record struct ImageShape
{
    /// <summary>Largest height or width accepted, in pixels.</summary>
    public const int MaxSide = 4096;

    /// <summary>The MNIST family's shape, and Fashion-MNIST's and Sign-Language-MNIST's: 1 × 28 × 28.</summary>
    public static ImageShape Mnist { get; } = new(1, 28, 28);

    /// <summary>Creates a shape.</summary>
    /// <param name="channels">1 (grayscale) or 3 (RGB).</param>
    /// <param name="height">Height in pixels, 1 to <see cref="MaxSide"/>.</param>
    /// <param name="width">Width in pixels, 1 to <see cref="MaxSide"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range (the message names it).</exception>
    [System.Text.Json.Serialization.JsonConstructor]
    public ImageShape(int channels, int height, int width)
    {
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "expected 1 (grayscale) or 3 (RGB) channels.");
        CheckSide(height, nameof(height));
        CheckSide(width, nameof(width));
        (Channels, Height, Width) = (channels, height, width);
    }

    /// <summary>Channels per image: 1 (grayscale) or 3 (RGB).</summary>
    public int Channels { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Values per image, C · H · W (784 for <see cref="Mnist"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Size => Channels * Height * Width;

    /// <summary>The NCHW shape of <paramref name="count"/> images: [count, C, H, W].</summary>
    public long[] Nchw(long count) => [count, Channels, Height, Width];

    /// <summary>"C×H×W", e.g. "3×64×64".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Channels}×{Height}×{Width}");

    /// <summary>"H×W gray" or "H×W RGB", as messages and reports name it.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Height}×{Width} {(Channels == 1 ? "grayscale" : "RGB")}");

    private static void CheckSide(int side, string name)
    {
        if (side is < 1 or > MaxSide)
            throw new ArgumentOutOfRangeException(name, side, $"expected 1 to {MaxSide} pixels.");
    }
}
