using Vae.MLNet.Data;
using System.CommandLine;
using Vae.MLNet.Imaging;
using Vae.MLNet.Scoring;
using Vae.MLNet.Training;

namespace Vae.MLNet.Cli;

/// <summary>Writes decoded images [n, 1, 28, 28] as one PNG grid, atomically.</summary>
internal static class GridWriter
{
    /// <summary>
    /// What decode and generate share: open the model folder, take latent vectors z [n, d] from
    /// <paramref name="latents"/>, decode them and write the grid to <paramref name="output"/>.
    /// </summary>
    internal static int DecodeToPng(ParseResult parse, Option<string> output, Func<OnnxVaeModel, float[]> latents)
    {
        using var model = OnnxVaeModel.Open(parse.GetValue(ScoringOptions.ModelDir)!, ScoringOptions.Session(parse));
        var z = latents(model);
        var images = new float[z.Length / model.LatentSize * 784];
        model.Decode(z, images);
        Write(parse.GetValue(output)!, images, parse.GetValue(ScoringOptions.Columns));
        return ExitCodes.Ok;
    }

    internal static void Write(string path, float[] images, int columns)
    {
        if (columns < 1) throw new ArgumentException($"--columns must be ≥ 1, got {columns}.");
        var (w, h, pixels) = ImageGrid.Compose(images, 28, columns);
        AtomicFile.WriteAllBytes(path, PngEncoder.EncodeGray8(w, h, pixels));
        Console.WriteLine($"Wrote {images.Length / 784} images ({w}×{h} px) to {Path.GetFullPath(path)}");
    }
}
