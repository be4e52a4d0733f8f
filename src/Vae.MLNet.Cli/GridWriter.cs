using Vae.MLNet.Imaging;
using Vae.MLNet.Training;

namespace Vae.MLNet.Cli;

/// <summary>Writes decoded images [n, 1, 28, 28] as one PNG grid, atomically.</summary>
internal static class GridWriter
{
    internal static void Write(string path, float[] images, int columns)
    {
        if (columns < 1) throw new ArgumentException($"--columns must be ≥ 1, got {columns}.");
        var (w, h, pixels) = ImageGrid.Compose(images, 28, columns);
        AtomicFile.WriteAllBytes(path, PngEncoder.EncodeGray8(w, h, pixels));
        Console.WriteLine($"Wrote {images.Length / 784} images ({w}×{h} px) to {Path.GetFullPath(path)}");
    }
}
