using System.CommandLine;
using System.CommandLine.Parsing;
using Spectre.Console;
using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;
using Vae.MLNet.Training;

namespace Vae.MLNet.Cli;

/// <summary><c>vae train</c>: trains a model and writes a run folder.</summary>
internal static class TrainCommand
{
    private static readonly Option<string> Preset = new("--preset")
    {
        Description = $"Architecture: {string.Join(", ", Presets.Names)}",
        DefaultValueFactory = _ => TrainingOptions.DefaultPreset,
    };
    private static readonly Option<string> Model = new("--model")
    {
        Description = "vae (Gaussian encoder, ELBO) or ae (deterministic code, reconstruction loss only)",
        DefaultValueFactory = _ => TrainingOptions.DefaultKind.Name(),
    };
    private static readonly Option<int> Latent = new("--latent")
    {
        Description = "Latent size d",
        DefaultValueFactory = _ => TrainingOptions.DefaultLatentSize,
    };
    private static readonly Option<double> Beta = new("--beta")
    {
        Description = "KL weight β (1 = ELBO; β-VAE otherwise)",
        DefaultValueFactory = _ => TrainingOptions.DefaultBeta,
    };
    private static readonly Option<string> Loss = new("--loss")
    {
        Description = "Reconstruction loss summed over pixels: bce or mse",
        DefaultValueFactory = _ => TrainingOptions.DefaultLoss.Name(),
    };
    private static readonly Option<string> Optimizer = new("--optimizer")
    {
        Description = $"{OptimizerNames.Adam} or {OptimizerNames.Adamax}",
        DefaultValueFactory = _ => TrainingOptions.DefaultOptimizer.Name(),
    };
    private static readonly Option<double> LearningRate = new("--lr")
    {
        Description = "Learning rate",
        DefaultValueFactory = _ => TrainingOptions.DefaultLearningRate,
    };
    private static readonly Option<int> BatchSize = new("--batch-size")
    {
        Description =
            $"Images per optimizer step; 0 = automatic: {TrainingOptions.LargestAutomaticBatch}, halved down to "
            + $"{TrainingOptions.SmallestAutomaticBatch} until an epoch has {TrainingOptions.StepsPerEpochTarget} steps",
        DefaultValueFactory = _ => TrainingOptions.DefaultBatchSize,
    };
    private static readonly Option<int> Epochs = new("--epochs")
    {
        Description =
            $"Passes over the training images; 0 = automatic: at least {TrainingOptions.SmallestAutomaticEpochs}, "
            + $"raised until the run makes {TrainingOptions.OptimizerStepsTarget:N0} optimizer steps, "
            + $"at most {TrainingOptions.LargestAutomaticEpochs}",
        DefaultValueFactory = _ => TrainingOptions.DefaultEpochs,
    };
    private static readonly Option<int> Seed = new("--seed")
    {
        Description = "Seed of initialization, shuffling, validation split and z samples",
        DefaultValueFactory = _ => 0,
    };
    private static readonly Option<double> ValidationSplit = new("--validation-split")
    {
        Description = "Fraction of the training split held out for validation",
        DefaultValueFactory = _ => TrainingOptions.DefaultValidationFraction,
    };
    private static readonly Option<int> Threads = new("--threads")
    {
        Description =
            $"libtorch threads, 0–{TrainingOptions.MaxThreads} (0 = one per core available to the process: "
            + "its CPU affinity and quota, not other processes' load)",
        DefaultValueFactory = _ => 0,
    };
    private static readonly Option<string> Device = new("--device")
    {
        Description = "cpu or cuda",
        DefaultValueFactory = _ => TrainingOptions.DefaultDevice,
    };
    private static readonly Option<string> Data = new("--data")
    {
        Description =
            "MNIST-layout IDX directory, a Sign-Language-MNIST training CSV (test CSV beside it), "
            + "or a folder of images, one folder per class (with train/ and test/, or 20% of each class held out for testing)",
        DefaultValueFactory = _ => Vae.MLNet.Runs.DatasetOptions.DefaultPath,
    };
    private static readonly Option<int?> MaxTrain = new("--max-train")
    {
        Description = "Use only the first N training images (default: all)",
    };
    private static readonly Option<int?> MaxTest = new("--max-test") { Description = "Use only the first N test images (default: all)" };
    private static readonly Option<string?> ImageSize = new("--image-size")
    {
        Description =
            "For a folder of images: resize every image to HxW (or N for NxN) pixels (default: the images' own size, when all agree)",
    };
    private static readonly Option<int?> Channels = new("--channels")
    {
        Description = "For a folder of images: 1 (grayscale) or 3 (RGB) (default: 3 when any image has colour)",
    };
    private static readonly Option<bool> SkipBadImages = new("--skip-bad-images")
    {
        Description = "For a folder of images: leave out files that cannot be decoded, and say how many, instead of failing",
    };
    private static readonly Option<string?> Out = new("--out")
    {
        Description = "Run folder (default: runs/<preset>-<model>-z<latent>-<time>)",
    };
    private static readonly Option<bool> Overwrite = new("--overwrite")
    {
        Description = "Replace the run in --out (a folder holding options.json) instead of refusing it",
    };
    private static readonly Option<string?> Resume = new("--resume")
    {
        Description =
            "Continue the run in this folder from its last checkpoint, with its own options (only --epochs may change, to extend it)",
    };
    private static readonly Option<int> EarlyStopping = new("--early-stopping")
    {
        Description =
            "Stop after this many epochs without validation improvement (0 = off; "
            + "the notebook 'Practical 10 — Implementing & Understanding VAE' uses 6)",
        DefaultValueFactory = _ => 0,
    };
    private static readonly Option<double> MinDelta = new("--min-delta")
    {
        Description = "Smallest validation-loss decrease that counts as an improvement, nats/image",
        DefaultValueFactory = _ => TrainingOptions.DefaultMinDelta,
    };
    private static readonly Option<bool> KeepLast = new("--keep-last-weights")
    {
        Description = "With early stopping, end with the last epoch's weights instead of the best epoch's",
    };
    private static readonly Option<int> LrPatience = new("--lr-patience")
    {
        Description =
            "ReduceLROnPlateau: epochs without validation improvement before the rate is cut (0 = off; the notebook 'Practical 10' uses 3)",
        DefaultValueFactory = _ => 0,
    };
    private static readonly Option<double> LrFactor = new("--lr-factor")
    {
        Description = "ReduceLROnPlateau factor",
        DefaultValueFactory = _ => TrainingOptions.DefaultLrFactor,
    };
    private static readonly Option<double> MinLr = new("--min-lr")
    {
        Description = "ReduceLROnPlateau floor",
        DefaultValueFactory = _ => TrainingOptions.DefaultMinLearningRate,
    };
    private static readonly Option<int> KlWarmup = new("--kl-warmup")
    {
        Description = "Anneal β linearly from 0 over this many epochs (0 = off)",
        DefaultValueFactory = _ => 0,
    };
    private static readonly Option<double> ClipGradNorm = new("--clip-grad-norm")
    {
        Description = "Clip the global gradient norm to this value (0 = off)",
        DefaultValueFactory = _ => 0.0,
    };

    private static readonly Option<double> FreeBits = new("--free-bits")
    {
        Description =
            "Free bits λ, nats per latent dimension: the objective's KL term is Σ_j max(λ, batch-mean KL_j) (Kingma et al. 2016; 0 = off)",
        DefaultValueFactory = _ => TrainingOptions.DefaultFreeBits,
    };
    private static readonly Option<string> Schedule = new("--lr-schedule")
    {
        Description = "constant, or cosine: decay from --lr to --min-lr over all steps (Loshchilov & Hutter 2017)",
        DefaultValueFactory = _ => TrainingOptions.DefaultSchedule.ToString().ToLowerInvariant(),
    };

    internal static Command Create()
    {
        var command = new Command(
            "train",
            "Train an AE or VAE; writes a run folder with checkpoint, metrics and reconstructions, and prints the test negative ELBO."
        )
        {
            Preset,
            Model,
            Latent,
            Beta,
            Loss,
            Optimizer,
            LearningRate,
            BatchSize,
            Epochs,
            Seed,
            ValidationSplit,
            Threads,
            Device,
            Data,
            MaxTrain,
            MaxTest,
            ImageSize,
            Channels,
            SkipBadImages,
            Out,
            Overwrite,
            Resume,
            EarlyStopping,
            MinDelta,
            KeepLast,
            LrPatience,
            LrFactor,
            MinLr,
            KlWarmup,
            ClipGradNorm,
            FreeBits,
            Schedule,
        };
        command.SetAction(parse => CommandErrors.Run(() => Execute(parse)));
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        using var interrupt = new InterruptSignal();
        string? resume = parse.GetValue(Resume);
        if (resume is not null)
            RequireOnlyChangeableOnResume(parse);
        var changes = ResumeChanges(parse);
        var options = resume is null ? ReadOptions(parse) : RunFolder.Open(resume).ReadOptions();
        if (resume is not null && changes.Epochs is { } epochs)
            options = options with { Epochs = epochs }; // as the resume will train (the progress view counts them)
        var dataset = resume is null ? ReadDataset(parse) : null;
        string runDir = resume ?? parse.GetValue(Out) ?? DefaultRunDirectory(options);
        if (string.IsNullOrWhiteSpace(runDir))
            throw new ArgumentException($"{(resume is null ? "--out" : "--resume")} is empty; expected a folder path.");
        if (resume is null && parse.GetValue(Overwrite))
            RemoveRun(runDir, dataset!.Path);
        TrainingResult result;
        try
        {
            result = TrainingProgressView.Run(
                options,
                observer =>
                    resume is null
                        ? TrainingJob.Run(options, dataset!, runDir, observer, interrupt.Token)
                        : TrainingJob.Resume(runDir, observer, interrupt.Token, changes)
            );
        }
        catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested)
        {
            Console.Error.WriteLine(
                $"Interrupted by {interrupt.Signal}: checkpoint saved. Resume with: vae train --resume {Path.GetFullPath(runDir)}"
            );
            return ExitCodes.Interrupted;
        }
        TrainingSummary.Print(options, result, runDir);
        return ExitCodes.Ok;
    }

    // A resumed run keeps the options it was trained with; a flag the resume cannot honour is refused, not ignored.
    private static void RequireOnlyChangeableOnResume(ParseResult parse)
    {
        var given = parse
            .CommandResult.Children.OfType<OptionResult>()
            .Where(r => !r.Implicit && r.Option != Resume && r.Option != Epochs)
            .Select(r => r.Option.Name)
            .ToList();
        if (given.Count > 0)
            throw new ArgumentException(
                $"{string.Join(", ", given)} cannot be given with --resume: a resumed run keeps the options it was "
                    + "trained with (its options.json); only --epochs can change. To train with other options, start a new "
                    + "run (--out)."
            );
    }

    private static ResumeOptions ResumeChanges(ParseResult parse) =>
        new() { Epochs = parse.GetResult(Epochs) is { Implicit: false } ? parse.GetValue(Epochs) : null };

    private static DatasetOptions ReadDataset(ParseResult parse)
    {
        var (height, width) = ParseImageSize(parse.GetValue(ImageSize));
        var dataset = new DatasetOptions
        {
            Path = parse.GetValue(Data)!,
            MaxTrainImages = parse.GetValue(MaxTrain),
            MaxTestImages = parse.GetValue(MaxTest),
            ImageHeight = height,
            ImageWidth = width,
            Channels = parse.GetValue(Channels),
            SkipBadImages = parse.GetValue(SkipBadImages),
        };
        dataset.Validate();
        if (dataset.SkipBadImages && ImageFolder.IsImageFolder(dataset.Path))
            SaySkipped(ImageFolder.Scan(dataset.Path, dataset).Skipped);
        return dataset;
    }

    // "64x64", "36x52" or "64": height and width in pixels.
    private static (int? Height, int? Width) ParseImageSize(string? text)
    {
        if (text is null)
            return (null, null);
        var parts = text.Split('x', 'X', '×');
        var sides = parts
            .Select(p =>
                int.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v)
                    ? v
                    : -1
            )
            .ToArray();
        if (parts.Length is 1 or 2 && sides.All(v => v is >= 1 and <= ImageShape.MaxSide))
            return (sides[0], sides[^1]);
        throw new ArgumentException(
            $"--image-size must be HxW or N, sides 1 to {ImageShape.MaxSide} pixels (e.g. 64x64 or 36x52), got '{text}'."
        );
    }

    private static void SaySkipped(IReadOnlyList<string> skipped)
    {
        if (skipped.Count == 0)
            return;
        Console.WriteLine(
            $"Skipped {skipped.Count} file{(skipped.Count == 1 ? "" : "s")} that cannot be decoded: "
                + string.Join(", ", skipped.Take(5))
                + (skipped.Count > 5 ? ", …" : "")
        );
    }

    private static TrainingOptions ReadOptions(ParseResult parse)
    {
        var options = new TrainingOptions
        {
            Preset = parse.GetValue(Preset)!,
            Kind = ParseKind(parse.GetValue(Model)!),
            LatentSize = parse.GetValue(Latent),
            Beta = parse.GetValue(Beta),
            Loss = ParseLoss(parse.GetValue(Loss)!),
            Optimizer = ParseOptimizer(parse.GetValue(Optimizer)!),
            LearningRate = parse.GetValue(LearningRate),
            BatchSize = parse.GetValue(BatchSize),
            Epochs = parse.GetValue(Epochs),
            Seed = parse.GetValue(Seed),
            ValidationFraction = parse.GetValue(ValidationSplit),
            Threads = parse.GetValue(Threads),
            Device = parse.GetValue(Device)!,
            EarlyStoppingPatience = parse.GetValue(EarlyStopping),
            MinDelta = parse.GetValue(MinDelta),
            RestoreBestWeights = !parse.GetValue(KeepLast),
            LrPatience = parse.GetValue(LrPatience),
            LrFactor = parse.GetValue(LrFactor),
            MinLearningRate = parse.GetValue(MinLr),
            KlWarmupEpochs = parse.GetValue(KlWarmup),
            ClipGradNorm = parse.GetValue(ClipGradNorm),
            FreeBits = parse.GetValue(FreeBits),
            Schedule = ParseSchedule(parse.GetValue(Schedule)!),
        };
        options.Validate();
        return options;
    }

    // --overwrite deletes only what a run wrote: a folder holding options.json (never an arbitrary folder), and never
    // one that holds the data the new run is to read.
    private static void RemoveRun(string runDir, string data)
    {
        if (!Directory.Exists(runDir))
            return;
        RunLock.ThrowIfHeld(runDir); // never delete a run another process is training
        if (!RunFolder.IsRun(runDir) && Directory.EnumerateFileSystemEntries(runDir).Any())
            throw new ArgumentException(
                $"--overwrite: '{runDir}' holds files but no run ({RunFolder.OptionsFile}); refusing to delete it."
            );
        if (IsWithin(data, runDir))
            throw new ArgumentException(
                $"--out '{runDir}' holds the training data (--data '{data}'); --overwrite would delete it: choose another --out."
            );
        Directory.Delete(runDir, recursive: true);
    }

    // Whether path is folder or lies inside it: each folder from path up to the root is compared with folder by device
    // and inode, so '..', symbolic links and bind mounts on the way cannot hide it.
    private static bool IsWithin(string path, string folder)
    {
        var target = OutputFile.Identity(folder);
        for (var dir = new DirectoryInfo(Path.GetFullPath(path)); dir is not null; dir = dir.Parent)
            if (target is not null ? OutputFile.Identity(dir.FullName) == target : dir.FullName == Path.GetFullPath(folder))
                return true;
        return false;
    }

    private static string DefaultRunDirectory(TrainingOptions o) =>
        Path.Combine("runs", $"{o.Preset}-{o.Kind.Name()}-z{o.LatentSize}-{DateTime.Now:yyyyMMdd-HHmmss}");

    private static ModelKind ParseKind(string text) =>
        ModelKindNames.TryParse(text, out var kind)
            ? kind
            : throw new ArgumentException($"--model must be {ModelKindNames.Vae} or {ModelKindNames.Ae}, got '{text}'.");

    private static OptimizerKind ParseOptimizer(string text) =>
        OptimizerNames.TryParse(text, out var kind)
            ? kind
            : throw new ArgumentException($"--optimizer must be {OptimizerNames.Adam} or {OptimizerNames.Adamax}, got '{text}'.");

    private static LearningRateSchedule ParseSchedule(string text) =>
        text.ToLowerInvariant() switch
        {
            "constant" => LearningRateSchedule.Constant,
            "cosine" => LearningRateSchedule.Cosine,
            _ => throw new ArgumentException($"--lr-schedule must be constant or cosine, got '{text}'."),
        };

    private static ReconstructionLoss ParseLoss(string text) =>
        ReconstructionLossNames.TryParse(text, out var loss)
            ? loss
            : throw new ArgumentException($"--loss must be {ReconstructionLossNames.Bce} or {ReconstructionLossNames.Mse}, got '{text}'.");
}
