using System.CommandLine;
using Vae.MLNet.Reporting;
using Vae.MLNet.Training;

namespace Vae.MLNet.Cli;

/// <summary><c>vae report RUN_DIR</c>: writes RUN_DIR/report/index.html and its assets.</summary>
internal static class ReportCommand
{
    private static readonly Argument<string> RunDir = new("RUN_DIR") { Description = "Run folder written by 'vae train'" };
    private static readonly Option<string?> Out = new("--out")
    {
        Description =
            "Report folder (default: RUN_DIR/report): new, empty, or a report vae wrote (then replaced); any other folder is refused",
    };
    private static readonly Option<bool> Overwrite = new("--overwrite")
    {
        Description = "Replace a report folder even when it holds files the report did not write",
    };
    internal static readonly Option<int> Points = new("--points")
    {
        Description = "Test latent means projected by PCA and t-SNE (exact t-SNE, at most 5000)",
        DefaultValueFactory = _ => 2000,
    };
    internal static readonly Option<int> ClassifierImages = new("--classifier-images")
    {
        Description = "Training images whose latent means train the classifiers",
        DefaultValueFactory = _ => 10_000,
    };
    internal static readonly Option<int> LikelihoodImages = new("--likelihood-images")
    {
        Description = "Test images of the −ELBO and importance-weighted bound",
        DefaultValueFactory = _ => 1000,
    };

    /// <summary>Most samples k per image: Burda et al. (2015) use up to 5,000; 10⁸ ran out of memory.</summary>
    internal const int MaxSamples = 5000;
    internal static readonly Option<int> Samples = new("--samples")
    {
        Description = $"Samples k per image of the importance-weighted bound, 1–{MaxSamples}",
        DefaultValueFactory = _ => 64,
    };
    internal static readonly Option<int> Seed = new("--seed")
    {
        Description = "Seed of prior samples and likelihood noise",
        DefaultValueFactory = _ => 0,
    };

    internal static Command Create()
    {
        var command = new Command(
            "report",
            "Write an HTML report of a run (opens offline): options, metrics, loss curves, reconstructions, prior samples, "
                + "class centroids, latent traversal, PCA and t-SNE projections, silhouette, classifiers."
        )
        {
            RunDir,
            Out,
            Overwrite,
            Points,
            ClassifierImages,
            LikelihoodImages,
            Samples,
            Seed,
            ScoringOptions.Threads,
            ScoringOptions.Device,
            ScoringOptions.FallbackToCpu,
        };
        command.SetAction(parse =>
            CommandErrors.Run(() =>
            {
                var options = FullAnalysis(parse) with { Scoring = ScoringOptions.Session(parse) };
                ModelExport.ExportIfMissing(parse.GetValue(RunDir)!);
                string index = ReportWriter.WriteRun(parse.GetValue(RunDir)!, options, parse.GetValue(Out), parse.GetValue(Overwrite));
                Console.WriteLine($"Report: {index}");
                return ExitCodes.Ok;
            })
        );
        return command;
    }

    /// <summary>The analysis options of the likelihood flags: all a sweep's cards need.</summary>
    internal static AnalysisOptions SummaryAnalysis(ParseResult parse)
    {
        var options = new AnalysisOptions
        {
            LikelihoodImages = parse.GetValue(LikelihoodImages),
            Samples = parse.GetValue(Samples),
            Seed = parse.GetValue(Seed),
            Progress = line => Console.WriteLine("  " + line),
        };
        if (options.LikelihoodImages < 1)
            throw new ArgumentException($"--likelihood-images must be ≥ 1, got {options.LikelihoodImages}.");
        if (options.Samples is < 1 or > MaxSamples)
            throw new ArgumentException($"--samples must be in [1, {MaxSamples}], got {options.Samples}.");
        return options;
    }

    /// <summary>The analysis options of every report flag (report and compare): the summary's, and the projections' and
    /// classifiers'.</summary>
    internal static AnalysisOptions FullAnalysis(ParseResult parse)
    {
        var options = SummaryAnalysis(parse) with
        {
            ProjectionPoints = parse.GetValue(Points),
            ClassifierTrainImages = parse.GetValue(ClassifierImages),
        };
        if (options.ProjectionPoints is < 100 or > 5000)
            throw new ArgumentException($"--points must be in [100, 5000], got {options.ProjectionPoints}.");
        if (options.ClassifierTrainImages < 10)
            throw new ArgumentException($"--classifier-images must be ≥ 10, got {options.ClassifierTrainImages}.");
        return options;
    }
}
