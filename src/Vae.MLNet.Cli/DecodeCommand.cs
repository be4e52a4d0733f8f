using System.CommandLine;
using Vae.MLNet.Scoring;

namespace Vae.MLNet.Cli;

/// <summary><c>vae decode MODEL_DIR LATENTS --out grid.png</c>: decodes the μ of a latent file.</summary>
internal static class DecodeCommand
{
    private static readonly Argument<string> Latents = new("LATENTS") { Description = "Latent file written by 'vae encode' (csv or bin)" };
    private static readonly Option<string> Out = new("--out")
    {
        Description = "PNG file to write",
        DefaultValueFactory = _ => "decoded.png",
    };
    private static readonly Option<int> Max = new("--max")
    {
        Description = $"Decode at most this many rows (1 to {GridWriter.MaxImages})",
        DefaultValueFactory = _ => 64,
    };

    internal static Command Create()
    {
        var command = new Command("decode", "Decode latent vectors (the mu column of a latent file) to images, written as a PNG grid.")
        {
            ScoringOptions.ModelDir,
            Latents,
            Out,
            Max,
            ScoringOptions.Columns,
            ScoringOptions.Threads,
            ScoringOptions.Device,
            ScoringOptions.FallbackToCpu,
        };
        command.SetAction(parse =>
            CommandErrors.Run(() =>
            {
                int max = GridWriter.RequireImageCount(parse.GetValue(Max), "--max");
                return GridWriter.DecodeToPng(
                    parse,
                    Out,
                    model =>
                    {
                        string path = parse.GetValue(Latents)!;
                        var latents = LatentFileReader.Read(path, max);
                        if (latents.LatentSize != model.LatentSize)
                            throw new ArgumentException(
                                $"{path}: latent size {latents.LatentSize}, but the model's is {model.LatentSize}."
                            );
                        if (latents.Count == 0)
                            throw new ArgumentException($"{path}: no rows to decode.");
                        if (LatentValues.FirstOutOfRange(latents.Mu, latents.LatentSize) is { } bad)
                            throw new InvalidDataException($"{path}: {LatentValues.Describe(bad)}.");
                        return latents.Mu;
                    },
                    [("the latent file LATENTS", parse.GetValue(Latents)!)]
                );
            })
        );
        return command;
    }
}
