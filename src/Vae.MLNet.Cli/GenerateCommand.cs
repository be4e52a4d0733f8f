using System.CommandLine;
using Vae.MLNet.Scoring;

namespace Vae.MLNet.Cli;

/// <summary><c>vae generate MODEL_DIR --n 64 --seed 1</c>: samples z from the prior N(0, I) and decodes it.</summary>
internal static class GenerateCommand
{
    private static readonly Option<int> Count = new("--n")
    {
        Description = $"Number of samples, 1 to {GridWriter.MaxImages}",
        DefaultValueFactory = _ => 64,
    };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the prior samples", DefaultValueFactory = _ => 1 };
    private static readonly Option<string> Out = new("--out")
    {
        Description = "PNG file to write",
        DefaultValueFactory = _ => "samples.png",
    };

    internal static Command Create()
    {
        var command = new Command("generate", "Sample z ~ N(0, I), decode, and write the images as a PNG grid.")
        {
            ScoringOptions.ModelDir,
            Count,
            Seed,
            Out,
            ScoringOptions.Columns,
            ScoringOptions.Threads,
            ScoringOptions.Device,
            ScoringOptions.FallbackToCpu,
        };
        command.SetAction(parse =>
            CommandErrors.Run(() =>
            {
                int n = GridWriter.RequireImageCount(parse.GetValue(Count), "--n");
                return GridWriter.DecodeToPng(parse, Out, model => PriorSampler.Sample(n, model.LatentSize, parse.GetValue(Seed)));
            })
        );
        return command;
    }
}
