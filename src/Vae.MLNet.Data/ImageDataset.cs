namespace Vae.MLNet.Data;

/// <summary>
/// An in-memory set of 28×28 grayscale images with integer labels.
/// Pixels are float32 in [0, 1] (raw byte / 255), laid out as [N, 1, 28, 28] (NCHW, row-major).
/// </summary>
public sealed class ImageDataset
{
    /// <summary>Image side in pixels.</summary>
    public const int Side = 28;

    /// <summary>Pixels per image (28 × 28).</summary>
    public const int PixelsPerImage = Side * Side;

    /// <summary>Wraps pixels and labels without copying.</summary>
    /// <param name="pixels">[count, 1, 28, 28] float32 in [0, 1].</param>
    /// <param name="labels">One label per image.</param>
    /// <param name="source">Where the data came from (file path), for messages and metadata.</param>
    /// <exception cref="ArgumentException">The pixel count is not 784 × labels.Length.</exception>
    public ImageDataset(float[] pixels, int[] labels, string source)
    {
        if (pixels.Length != (long)labels.Length * PixelsPerImage)
            throw new ArgumentException(
                $"{source}: {pixels.Length} pixels for {labels.Length} labels; expected {PixelsPerImage} pixels per image.");
        Pixels = pixels;
        Labels = labels;
        Source = source;
    }

    /// <summary>All images, [Count, 1, 28, 28] float32 in [0, 1].</summary>
    public float[] Pixels { get; }

    /// <summary>Class label of each image.</summary>
    public int[] Labels { get; }

    /// <summary>Source file(s) of the data.</summary>
    public string Source { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>The pixels of image <paramref name="index"/>, 784 floats.</summary>
    public ReadOnlySpan<float> Image(int index) => Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);

    /// <summary>A copy of the images at the given indices, in that order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Count).</exception>
    public ImageDataset Select(IReadOnlyList<int> indices)
    {
        var pixels = new float[indices.Count * PixelsPerImage];
        var labels = new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            int src = indices[i];
            if ((uint)src >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"index {src} is outside [0, {Count}).");
            Image(src).CopyTo(pixels.AsSpan(i * PixelsPerImage, PixelsPerImage));
            labels[i] = Labels[src];
        }
        return new ImageDataset(pixels, labels, Source);
    }

    /// <summary>The first <paramref name="count"/> images (or all, if fewer), as a copy.</summary>
    public ImageDataset Take(int count) => Select(Enumerable.Range(0, Math.Min(count, Count)).ToArray());
}
