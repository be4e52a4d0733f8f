using Vae.MLNet.Data;
using Vae.MLNet.Engine;
using Vae.MLNet.Imaging;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;

namespace Vae.MLNet.Training;

/// <summary>The run folder's <c>reconstructions.png</c>, drawn by the live model at the end of a run.</summary>
internal static class ReconstructionsPicture
{
    /// <summary>
    /// Writes a PNG of the first <paramref name="count"/> test images (odd rows) over their
    /// reconstructions at z = μ (even rows), <paramref name="columns"/> per row, to
    /// <see cref="RunFolder.ReconstructionsFile"/>.
    /// </summary>
    public static void Write(RunFolder run, TorchVaeModel model, ImageDataset test, int count = 32, int columns = 16)
    {
        count = Math.Min(count, test.Count);
        var shape = model.Spec.Input;
        var originals = new float[count * shape.Size];
        test.CopyImages(0, count, originals);
        var mu = new float[count * model.Spec.LatentSize];
        model.Encode(originals, mu, []);
        var decoded = new float[originals.Length];
        model.Decode(mu, decoded);
        var tiles = ImageGrid.InterleaveRows(originals, decoded, shape.Size, columns);
        AtomicFile.WriteAllBytes(run.File(RunFolder.ReconstructionsFile), ImageGrid.Png(tiles, shape, columns));
    }
}
