using Vae.MLNet.Models;

namespace Vae.MLNet.Data;

/// <summary>
/// An in-memory set of 28×28 grayscale images with integer labels.
/// Pixels are float32 in [0, 1] (raw byte / 255), laid out as [N, 1, 28, 28] (NCHW, row-major).
/// A set read from files can be kept as its raw bytes (<see cref="FromBytes"/>, a quarter of the
/// memory); readers that copy images out (<see cref="CopyImages"/>) see the same float values.
/// </summary>
public sealed class ImageDataset
{
    private readonly byte[]? _bytes;
    private float[]? _pixels;

    /// <summary>Wraps pixels and labels without copying.</summary>
    /// <param name="pixels">[count, 1, 28, 28] float32 in [0, 1].</param>
    /// <param name="labels">One label per image.</param>
    /// <param name="source">Where the data came from (file path), for messages and metadata.</param>
    /// <exception cref="ArgumentException">The pixel count is not 784 × labels.Length.</exception>
    public ImageDataset(float[] pixels, int[] labels, string source)
        : this(pixels.Length, labels, source) => _pixels = pixels;

    private ImageDataset(long pixelCount, int[] labels, string source)
    {
        if (pixelCount != (long)labels.Length * ImageShape.Pixels)
            throw new ArgumentException(
                $"{source}: {pixelCount} pixels for {labels.Length} labels; expected {ImageShape.Pixels} pixels per image."
            );
        Labels = labels;
        Source = source;
    }

    private ImageDataset(byte[] bytes, int[] labels, string source)
        : this(bytes.Length, labels, source) => _bytes = bytes;

    /// <summary>Wraps raw pixel bytes 0–255 (pixel value = byte / 255) and labels without copying.</summary>
    /// <exception cref="ArgumentException">The byte count is not 784 × labels.Length.</exception>
    public static ImageDataset FromBytes(byte[] pixels, int[] labels, string source) => new(pixels, labels, source);

    /// <summary>
    /// All images, [Count, 1, 28, 28] float32 in [0, 1]. For a set kept as bytes, the first call
    /// makes (and keeps) a float copy, four times the bytes' memory: prefer <see cref="CopyImages"/>.
    /// </summary>
    public float[] Pixels => _pixels ??= ToFloats(_bytes!, 0, _bytes!.Length);

    /// <summary>Class label of each image.</summary>
    public int[] Labels { get; }

    /// <summary>Source file(s) of the data.</summary>
    public string Source { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Whether the images are kept as their raw bytes (see <see cref="FromBytes"/>).</summary>
    public bool IsCompact => _bytes is not null && _pixels is null;

    /// <summary>The pixels of image <paramref name="index"/>, 784 floats (see <see cref="Pixels"/> for a set kept as bytes).</summary>
    public ReadOnlySpan<float> Image(int index) => Pixels.AsSpan(index * ImageShape.Pixels, ImageShape.Pixels);

    /// <summary>Copies images [start, start + count) into <paramref name="destination"/> as floats in [0, 1], without a
    /// float copy of the whole set.</summary>
    /// <exception cref="ArgumentException">destination is shorter than count × 784.</exception>
    public void CopyImages(int start, int count, Span<float> destination)
    {
        int offset = start * ImageShape.Pixels,
            length = count * ImageShape.Pixels;
        if (destination.Length < length)
            throw new ArgumentException(
                $"destination holds {destination.Length} floats; {count} images need {length}.",
                nameof(destination)
            );
        if (_pixels is not null)
            _pixels.AsSpan(offset, length).CopyTo(destination);
        else
            for (int i = 0; i < length; i++)
                destination[i] = _bytes![offset + i] / 255f;
    }

    /// <summary>A copy of the images at the given indices, in that order (kept as bytes if this set is).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Count).</exception>
    public ImageDataset Select(IReadOnlyList<int> indices)
    {
        var labels = new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            if ((uint)indices[i] >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"index {indices[i]} is outside [0, {Count}).");
            labels[i] = Labels[indices[i]];
        }
        if (IsCompact)
        {
            var bytes = new byte[indices.Count * ImageShape.Pixels];
            for (int i = 0; i < indices.Count; i++)
                _bytes.AsSpan(indices[i] * ImageShape.Pixels, ImageShape.Pixels).CopyTo(bytes.AsSpan(i * ImageShape.Pixels));
            return FromBytes(bytes, labels, Source);
        }
        var pixels = new float[indices.Count * ImageShape.Pixels];
        for (int i = 0; i < indices.Count; i++)
            Image(indices[i]).CopyTo(pixels.AsSpan(i * ImageShape.Pixels, ImageShape.Pixels));
        return new ImageDataset(pixels, labels, Source);
    }

    /// <summary>The first <paramref name="count"/> images (or all, if fewer), as a copy.</summary>
    public ImageDataset Take(int count) => Select(Enumerable.Range(0, Math.Min(count, Count)).ToArray());

    /// <summary>The byte 0–255 whose value byte / 255 is exactly <paramref name="pixel"/>, or -1 if there is none.</summary>
    public static int ExactByte(float pixel)
    {
        float scaled = MathF.Round(pixel * 255f);
        return scaled is >= 0 and <= 255 && scaled / 255f == pixel ? (int)scaled : -1;
    }

    internal static float[] ToFloats(byte[] bytes, int offset, int length)
    {
        var floats = new float[length];
        for (int i = 0; i < length; i++)
            floats[i] = bytes[offset + i] / 255f;
        return floats;
    }
}
