namespace Vae.MLNet.Imaging;

/// <summary>Lays out square grayscale images in a grid with a padding of background pixels.</summary>
public static class ImageGrid
{
    /// <summary>Pixels between tiles and around the grid.</summary>
    public const int DefaultPadding = 2;

    /// <summary>
    /// Composes images into one 8-bit grayscale canvas, filling rows left to right.
    /// </summary>
    /// <param name="images">[count, side, side] float32 in [0, 1] (values outside are clamped).</param>
    /// <param name="side">Tile side in pixels (28 for MNIST-family images).</param>
    /// <param name="columns">Tiles per row.</param>
    /// <param name="padding">Background pixels between and around tiles.</param>
    /// <returns>Canvas width, height and row-major pixels (image 1 white, background dark gray).</returns>
    /// <exception cref="ArgumentException">images is empty or not a multiple of side².</exception>
    public static (int Width, int Height, byte[] Pixels) Compose(
        ReadOnlySpan<float> images,
        int side,
        int columns,
        int padding = DefaultPadding
    )
    {
        int tile = side * side;
        if (images.IsEmpty || images.Length % tile != 0)
            throw new ArgumentException(
                $"images has {images.Length} floats; expected a positive multiple of {side}×{side}.",
                nameof(images)
            );
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        int count = images.Length / tile;
        int rows = (count + columns - 1) / columns;
        int width = columns * (side + padding) + padding;
        int height = rows * (side + padding) + padding;
        var canvas = new byte[width * height];
        Array.Fill(canvas, (byte)48);
        for (int i = 0; i < count; i++)
        {
            int x0 = padding + (i % columns) * (side + padding);
            int y0 = padding + (i / columns) * (side + padding);
            for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++)
                canvas[(y0 + y) * width + x0 + x] = ToByte(images[i * tile + y * side + x]);
        }
        return (width, height, canvas);
    }

    /// <summary>
    /// Interleaves originals and their reconstructions by rows of <paramref name="columns"/> tiles:
    /// a row of originals, then the same row reconstructed (a short last row is padded with black tiles).
    /// </summary>
    /// <param name="originals">[n, side²].</param>
    /// <param name="reconstructions">[n, side²], same n.</param>
    /// <param name="tile">Values per tile (side²).</param>
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
