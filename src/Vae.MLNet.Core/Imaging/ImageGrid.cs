using Vae.MLNet.Models;

namespace Vae.MLNet.Imaging;

/// <summary>Lays out images (grayscale or RGB) in a grid with a padding of background pixels.</summary>
public static class ImageGrid
{
    /// <summary>Pixels between tiles and around the grid.</summary>
    public const int DefaultPadding = 2;

    /// <summary>
    /// Composes images into one 8-bit canvas, filling rows left to right: grayscale for one channel, RGB (bytes
    /// interleaved R, G, B per pixel, as PNG stores them) for three.
    /// </summary>
    /// <param name="images">[count, C, H, W] float32 in [0, 1] (values outside are clamped).</param>
    /// <param name="shape">The shape of each tile.</param>
    /// <param name="columns">Tiles per row.</param>
    /// <param name="padding">Background pixels between and around tiles.</param>
    /// <returns>Canvas width, height and row-major pixels, C bytes each (1 is white; the background is dark gray).</returns>
    /// <exception cref="ArgumentException">images is empty or not a multiple of C·H·W.</exception>
    public static (int Width, int Height, byte[] Pixels) Compose(
        ReadOnlySpan<float> images,
        ImageShape shape,
        int columns,
        int padding = DefaultPadding
    )
    {
        int tile = shape.Size;
        if (images.IsEmpty || images.Length % tile != 0)
            throw new ArgumentException(
                $"images has {images.Length} floats; expected a positive multiple of {shape} = {tile}.",
                nameof(images)
            );
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        var (c, h, w) = (shape.Channels, shape.Height, shape.Width);
        int count = images.Length / tile;
        int rows = (count + columns - 1) / columns;
        int width = columns * (w + padding) + padding;
        int height = rows * (h + padding) + padding;
        var canvas = new byte[width * height * c];
        Array.Fill(canvas, (byte)48);
        for (int i = 0; i < count; i++)
        {
            int x0 = padding + (i % columns) * (w + padding);
            int y0 = padding + (i / columns) * (h + padding);
            for (int k = 0; k < c; k++)
            for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                canvas[((y0 + y) * width + x0 + x) * c + k] = ToByte(images[i * tile + (k * h + y) * w + x]);
        }
        return (width, height, canvas);
    }

    /// <summary>A PNG of <see cref="Compose"/>'s canvas: 8-bit grayscale or RGB, as the shape's channels.</summary>
    /// <exception cref="ArgumentException">As <see cref="Compose"/>.</exception>
    public static byte[] Png(ReadOnlySpan<float> images, ImageShape shape, int columns, int padding = DefaultPadding)
    {
        var (width, height, pixels) = Compose(images, shape, columns, padding);
        return PngEncoder.Encode(width, height, shape.Channels, pixels);
    }

    /// <summary>
    /// Interleaves originals and their reconstructions by rows of <paramref name="columns"/> tiles:
    /// a row of originals, then the same row reconstructed (a short last row is padded with black tiles).
    /// </summary>
    /// <param name="originals">[n, C·H·W].</param>
    /// <param name="reconstructions">[n, C·H·W], same n.</param>
    /// <param name="tile">Values per tile (C·H·W).</param>
    /// <param name="columns">Tiles per row.</param>
    public static float[] InterleaveRows(ReadOnlySpan<float> originals, ReadOnlySpan<float> reconstructions, int tile, int columns)
    {
        int n = originals.Length / tile,
            rows = (n + columns - 1) / columns,
            rowLength = columns * tile;
        var tiles = new float[2 * rows * rowLength];
        for (int row = 0; row < rows; row++)
        {
            int start = row * rowLength,
                count = Math.Min(rowLength, originals.Length - start);
            originals.Slice(start, count).CopyTo(tiles.AsSpan(2 * start));
            reconstructions.Slice(start, count).CopyTo(tiles.AsSpan(2 * start + rowLength));
        }
        return tiles;
    }

    /// <summary>Maps [0, 1] to 0–255, clamping and rounding to nearest.</summary>
    public static byte ToByte(float value) => (byte)Math.Clamp(MathF.Round(value * 255f), 0f, 255f);
}
