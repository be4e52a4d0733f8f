using Vae.MLNet.Models;

namespace Vae.MLNet.Data;

/// <summary>
/// An in-memory set of images of one <see cref="ImageShape"/> with integer labels.
/// Pixels are float32 in [0, 1] (raw byte / 255), laid out as [N, C, H, W] (NCHW, row-major).
/// A set read from files can be kept as its raw bytes (<see cref="FromBytes(byte[], int[], string, ImageShape)"/>, a quarter of the
/// memory); readers that copy images out (<see cref="CopyImages"/>) see the same float values.
/// </summary>
public sealed class ImageDataset
{
    private readonly byte[]? _bytes;
    private float[]? _pixels;

    /// <summary>Wraps 28×28 grayscale pixels (<see cref="ImageShape.Mnist"/>) and labels without copying.</summary>
    /// <param name="pixels">[count, 1, 28, 28] float32 in [0, 1].</param>
    /// <param name="labels">One label per image.</param>
    /// <param name="source">Where the data came from (file path), for messages and metadata.</param>
    /// <exception cref="ArgumentException">The pixel count is not 784 × labels.Length.</exception>
    public ImageDataset(float[] pixels, int[] labels, string source)
        : this(pixels, labels, source, ImageShape.Mnist) { }

    /// <summary>Wraps pixels of the given shape and labels without copying.</summary>
    /// <param name="pixels">[count, C, H, W] float32 in [0, 1].</param>
    /// <param name="labels">One label per image.</param>
    /// <param name="source">Where the data came from (file path), for messages and metadata.</param>
    /// <param name="shape">The shape of each image.</param>
    /// <exception cref="ArgumentException">The pixel count is not C·H·W × labels.Length.</exception>
    public ImageDataset(float[] pixels, int[] labels, string source, ImageShape shape)
        : this(pixels.Length, labels, source, shape) => _pixels = pixels;

    private ImageDataset(long pixelCount, int[] labels, string source, ImageShape shape)
    {
        if (shape.Channels == 0)
            throw new ArgumentException("default(ImageShape) has no channels; give the images' shape.", nameof(shape));
        if (pixelCount != (long)labels.Length * shape.Size)
            throw new ArgumentException(
                $"{source}: {pixelCount} pixels for {labels.Length} labels; expected {shape.Size} ({shape}) pixels per image."
            );
        Labels = labels;
        Source = source;
        Shape = shape;
    }

    private ImageDataset(byte[] bytes, int[] labels, string source, ImageShape shape)
        : this(bytes.Length, labels, source, shape) => _bytes = bytes;

    /// <summary>Wraps raw 28×28 grayscale pixel bytes 0–255 (pixel value = byte / 255) and labels without copying.</summary>
    /// <exception cref="ArgumentException">The byte count is not 784 × labels.Length.</exception>
    public static ImageDataset FromBytes(byte[] pixels, int[] labels, string source) => new(pixels, labels, source, ImageShape.Mnist);

    /// <summary>Wraps raw pixel bytes 0–255 [count, C, H, W] of the given shape and labels without copying.</summary>
    /// <exception cref="ArgumentException">The byte count is not C·H·W × labels.Length.</exception>
    public static ImageDataset FromBytes(byte[] pixels, int[] labels, string source, ImageShape shape) =>
        new(pixels, labels, source, shape);

    /// <summary>The shape of each image.</summary>
    public ImageShape Shape { get; }

    /// <summary>Class names by label (a folder of images' class folders), or null when the data names none.</summary>
    public IReadOnlyList<string>? ClassNames { get; private set; }

    // Names the classes; subsets made by Select and Take keep the names.
    internal ImageDataset WithClassNames(IReadOnlyList<string>? names)
    {
        ClassNames = names;
        return this;
    }

    /// <summary>
    /// All images, [Count, C, H, W] float32 in [0, 1]. For a set kept as bytes, the first call
    /// makes (and keeps) a float copy, four times the bytes' memory: prefer <see cref="CopyImages"/>.
    /// </summary>
    public float[] Pixels => _pixels ??= ToFloats(_bytes!, 0, _bytes!.Length);

    /// <summary>Class label of each image.</summary>
    public int[] Labels { get; }

    /// <summary>Source file(s) of the data.</summary>
    public string Source { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Whether the images are kept as their raw bytes (see <see cref="FromBytes(byte[], int[], string, ImageShape)"/>).</summary>
    public bool IsCompact => _bytes is not null && _pixels is null;

    /// <summary>The pixels of image <paramref name="index"/>, C·H·W floats (see <see cref="Pixels"/> for a set kept as bytes).</summary>
    public ReadOnlySpan<float> Image(int index) => Pixels.AsSpan(index * Shape.Size, Shape.Size);

    /// <summary>Copies images [start, start + count) into <paramref name="destination"/> as floats in [0, 1], without a
    /// float copy of the whole set.</summary>
    /// <exception cref="ArgumentException">destination is shorter than count × C·H·W.</exception>
    public void CopyImages(int start, int count, Span<float> destination)
    {
        long offset = (long)start * Shape.Size;
        int length = count * Shape.Size;
        if (destination.Length < length)
            throw new ArgumentException(
                $"destination holds {destination.Length} floats; {count} images need {length}.",
                nameof(destination)
            );
        if (_pixels is not null)
            _pixels.AsSpan((int)offset, length).CopyTo(destination);
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
            int size = Shape.Size;
            var bytes = new byte[indices.Count * size];
            for (int i = 0; i < indices.Count; i++)
                _bytes.AsSpan(indices[i] * size, size).CopyTo(bytes.AsSpan(i * size));
            return FromBytes(bytes, labels, Source, Shape).WithClassNames(ClassNames);
        }
        var pixels = new float[indices.Count * Shape.Size];
        for (int i = 0; i < indices.Count; i++)
            Image(indices[i]).CopyTo(pixels.AsSpan(i * Shape.Size, Shape.Size));
        return new ImageDataset(pixels, labels, Source, Shape).WithClassNames(ClassNames);
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
