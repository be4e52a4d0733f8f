using System.CommandLine;
using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Reporting;
using Vae.MLNet.Runs;
using Vae.MLNet.Training;
using Vae.MLNet.Training.Experiments;

namespace Vae.MLNet.Cli;

/// <summary>
/// <c>vae sweep</c> (the β × latent-size grid of the notebook "Compulsory Assignment 4: Variational
/// Autoencoders") and <c>vae compare</c> (the model comparison of the notebook "Analysis of the latent
/// space in the variational auto-encoder"): train resumably, then write one report. Started again after an interruption, they
/// skip finished runs and continue the one in progress from its checkpoint.
/// </summary>
internal static class ExperimentCommands
{
    private static readonly Option<string> Betas = new("--beta")
    {
        Description = "Comma-separated β values",
        DefaultValueFactory = _ => "0.1,1,5",
    };
    private static readonly Option<string> Latents = new("--latent")
    {
        Description = "Comma-separated latent sizes",
        DefaultValueFactory = _ => "2,4,8",
    };
    private static readonly Option<string> SweepPreset = new("--preset")
    {
        Description = "Architecture preset (the assignment notebook's: conv-pool)",
        DefaultValueFactory = _ => Presets.ConvPool,
    };
    private static readonly Option<int> SweepEpochs = new("--epochs")
    {
        Description = "Epochs per run (0 = automatic, as vae train's)",
        DefaultValueFactory = _ => 1,
    };
    private static readonly Option<string> ModelNames = new("--models")
    {
        Description = $"Comma-separated models: {string.Join(", ", Comparison.Models.Keys)}",
        DefaultValueFactory = _ => "ae,vae,conv-leaky-vae",
    };
    private static readonly Option<int> CompareLatent = new("--latent")
    {
        Description = "Latent size of every model",
        DefaultValueFactory = _ => 10,
    };
    private static readonly Option<int> DenseEpochs = new("--epochs")
    {
        Description = "Epochs of the dense models (0 = automatic, as vae train's)",
        DefaultValueFactory = _ => 10,
    };
    private static readonly Option<int> ConvEpochs = new("--conv-epochs")
    {
        Description = "Epochs of the convolutional models (0 = automatic, as vae train's)",
        DefaultValueFactory = _ => 3,
    };
    private static readonly Option<int?> MaxTrain = new("--max-train")
    {
        Description = "Use only the first N training images (default: all)",
    };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of every run", DefaultValueFactory = _ => 0 };
    private static readonly Option<string> Data = new("--data")
    {
        Description = "MNIST-layout directory or Sign-Language training CSV",
        DefaultValueFactory = _ => Vae.MLNet.Runs.DatasetOptions.DefaultPath,
    };

    internal static Command Sweep()
    {
        var outDir = new Option<string>("--out")
        {
            Description = "Folder of the runs and the report",
            DefaultValueFactory = _ => "runs/sweep",
        };
        var command = new Command(
            "sweep",
            "Train a VAE per (β, latent size) pair and write one report comparing them (OUT/report/index.html)."
        )
        {
            Betas,
            Latents,
            SweepPreset,
            SweepEpochs,
            MaxTrain,
            Seed,
            Data,
            outDir,
            ReportCommand.LikelihoodImages,
            ReportCommand.Samples,
        };
        command.SetAction(parse =>
            Experiment(
                parse,
                ReportCommand.SummaryAnalysis,
                () =>
                {
                    var template = new TrainingOptions
                    {
                        Preset = parse.GetValue(SweepPreset)!,
                        Epochs = parse.GetValue(SweepEpochs),
                        Seed = parse.GetValue(Seed),
                    };
                    var runs = Training.Experiments.Sweep.Plan(
                        ParseList(parse.GetValue(Betas)!, "--beta", double.Parse),
                        ParseList(parse.GetValue(Latents)!, "--latent", int.Parse),
                        template,
                        Dataset(parse),
                        parse.GetValue(outDir)!
                    );
                    return (
                        runs,
                        analysis =>
                            ReportWriter.WriteSweep(
                                runs.Select(r => RunAnalysis.Summarize(r.Directory, analysis)).ToList(),
                                Path.Combine(parse.GetValue(outDir)!, "report"),
                                $"Vae.MLNet sweep: {runs[0].Options.Preset} VAE, β × latent size ({runs.Count} runs)"
                            )
                    );
                }
            )
        );
        return command;
    }

    internal static Command Compare()
    {
        var outDir = new Option<string>("--out")
        {
            Description = "Folder of the runs and the report",
            DefaultValueFactory = _ => "runs/compare",
        };
        var command = new Command(
            "compare",
            "Train models of the same latent size and write one report of their "
                + "latent spaces: silhouette, likelihood, classifiers, pictures."
        )
        {
            ModelNames,
            CompareLatent,
            DenseEpochs,
            ConvEpochs,
            MaxTrain,
            Seed,
            Data,
            outDir,
            ReportCommand.Points,
            ReportCommand.ClassifierImages,
            ReportCommand.LikelihoodImages,
            ReportCommand.Samples,
        };
        command.SetAction(parse =>
            Experiment(
                parse,
                ReportCommand.FullAnalysis,
                () =>
                {
                    var template = new TrainingOptions { LatentSize = parse.GetValue(CompareLatent), Seed = parse.GetValue(Seed) };
                    foreach (
                        var (option, epochs) in new[]
                        {
                            (DenseEpochs, parse.GetValue(DenseEpochs)),
                            (ConvEpochs, parse.GetValue(ConvEpochs)),
                        }
                    )
                        if (epochs is < TrainingOptions.AutomaticEpochs or > TrainingOptions.MaxEpochs)
                            throw new ArgumentException(
                                $"{option.Name} must be in [1, {TrainingOptions.MaxEpochs}], or 0 for automatic; got {epochs}."
                            );
                    var runs = Comparison.Plan(
                        ParseList(parse.GetValue(ModelNames)!, "--models", (s, _, _) => KnownModel(s.Trim())),
                        template,
                        Dataset(parse),
                        parse.GetValue(DenseEpochs),
                        parse.GetValue(ConvEpochs),
                        parse.GetValue(outDir)!
                    );
                    return (
                        runs,
                        analysis =>
                            ReportWriter.WriteComparison(
                                runs.Select(r =>
                                    {
                                        analysis.Progress?.Invoke($"analysing {r.Name}");
                                        return (r.Name, RunAnalysis.Analyze(r.Directory, analysis));
                                    })
                                    .ToList(),
                                Path.Combine(parse.GetValue(outDir)!, "report"),
                                $"Vae.MLNet comparison: {string.Join(", ", runs.Select(r => r.Name))}, d = {runs[0].Options.LatentSize}"
                            )
                    );
                }
            )
        );
        return command;
    }

    // Writes the experiment's report from its finished runs; returns the report's path.
    private delegate string WriteReport(AnalysisOptions analysis);

    private static int Experiment(
        ParseResult parse,
        Func<ParseResult, AnalysisOptions> analysisOf,
        Func<(IReadOnlyList<PlannedRun> Runs, WriteReport WriteReport)> plan
    ) =>
        CommandErrors.Run(() =>
        {
            var (runs, writeReport) = plan();
            var analysis = analysisOf(parse);
            using var interrupt = new InterruptSignal();
            try
            {
                ExperimentRuns.TrainAll(runs, analysis.Progress, new EpochLines(), interrupt.Token);
                Console.WriteLine($"Report: {writeReport(analysis)}");
                return ExitCodes.Ok;
            }
            catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested)
            {
                Console.Error.WriteLine(
                    $"Interrupted by {interrupt.Signal}: the run in progress saved a checkpoint. "
                        + "Run the same command again to continue; finished runs are skipped."
                );
                return ExitCodes.Interrupted;
            }
        });

    private static DatasetOptions Dataset(ParseResult parse) =>
        new() { Path = parse.GetValue(Data)!, MaxTrainImages = parse.GetValue(MaxTrain) };

    private static string KnownModel(string name) =>
        Comparison.Models.ContainsKey(name)
            ? name
            : throw new ArgumentException($"--models: unknown model '{name}'; known: {string.Join(", ", Comparison.Models.Keys)}.");

    private static List<T> ParseList<T>(string text, string option, Func<string, NumberStyles, IFormatProvider, T> parse)
    {
        try
        {
            // An empty item ("1,,2") is a typo, not a value to drop.
            return text.Split(',', StringSplitOptions.TrimEntries)
                .Select(s => s.Length == 0 ? throw new FormatException() : parse(s, NumberStyles.Float, CultureInfo.InvariantCulture))
                .ToList();
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{option} must be a comma-separated list of numbers, got '{text}'.");
        }
    }

    /// <summary>One line per epoch of the run in progress.</summary>
    private sealed class EpochLines : ITrainingObserver
    {
        public void OnData(int train, int validation, int test) { }

        public void OnBatch(BatchProgress progress) { }

        public void OnEpoch(EpochMetrics m)
        {
            string validation = m.Validation is { } v ? string.Create(CultureInfo.InvariantCulture, $", validation {v.Total:F2}") : "";
            Console.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"    epoch {m.Epoch}: train {m.Train.Total:F2}{validation} nats/image ({m.Seconds:F0} s)"
                )
            );
        }

        public void OnNote(string message) => Console.WriteLine("    " + message);
    }
}
