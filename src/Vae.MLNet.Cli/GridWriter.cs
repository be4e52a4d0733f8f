using System.CommandLine;
using Vae.MLNet.Data;
using Vae.MLNet.Imaging;
using Vae.MLNet.Models;
using Vae.MLNet.Scoring;
using Vae.MLNet.Training;

namespace Vae.MLNet.Cli;

/// <summary>Writes decoded images [n, 1, 28, 28] as one PNG grid, atomically.</summary>
internal static class GridWriter
{
    /// <summary>Most images one grid holds (generate --n, decode --max): 31 MB of pixels; with --columns 100, a 3,002 ×
    /// 3,002 px PNG.</summary>
    internal const int MaxImages = 10_000;

    /// <summary>Checks an image count flag against [1, <see cref="MaxImages"/>].</summary>
    /// <exception cref="ArgumentException">Out of range; the message names the flag.</exception>
    internal static int RequireImageCount(int count, string flag) =>
        count is >= 1 and <= MaxImages ? count : throw new ArgumentException($"{flag} must be in [1, {MaxImages}], got {count}.");

    /// <summary>
    /// What decode and generate share: open the model folder, take latent vectors z [n, d] from
    /// <paramref name="latents"/>, decode them and write the grid to <paramref name="output"/>.
    /// </summary>
    internal static int DecodeToPng(
        ParseResult parse,
        Option<string> output,
        Func<OnnxVaeModel, float[]> latents,
        IEnumerable<(string Role, string Path)>? inputs = null
    )
    {
        string path = OutputFile.Check(
            parse.GetValue(output)!,
            OutputFile.ModelFolder(parse.GetValue(ScoringOptions.ModelDir)!).Concat(inputs ?? [])
        );
        int columns = parse.GetValue(ScoringOptions.Columns);
        if (columns is < 1 or > ScoringOptions.MaxColumns)
            throw new ArgumentException($"--columns must be in [1, {ScoringOptions.MaxColumns}], got {columns}.");
        using var model = ScoringOptions.Open(parse);
        var z = latents(model);
        int d = model.LatentSize,
            n = z.Length / d;
        var shape = model.Shape;
        var images = new float[n * shape.Size];
        for (int start = 0; start < n; start += EvaluationBatch.Size)
        {
            int count = Math.Min(EvaluationBatch.Size, n - start);
            model.Decode(z.AsMemory(start * d, count * d), images.AsMemory(start * shape.Size, count * shape.Size));
        }
        Write(path, images, shape, columns);
        return ExitCodes.Ok;
    }

    internal static void Write(string path, float[] images, ImageShape shape, int columns)
    {
        var (w, h, pixels) = ImageGrid.Compose(images, shape, columns);
        AtomicFile.WriteAllBytes(path, PngEncoder.Encode(w, h, shape.Channels, pixels));
        Console.WriteLine($"Wrote {images.Length / shape.Size} images ({w}×{h} px) to {Path.GetFullPath(path)}");
    }
}
