using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;
using Vae.MLNet.Training;

/// <summary>The study's command-line options and their defaults.</summary>
internal sealed record StudyOptions
{
    public string Out { get; init; } = "runs/latent-study";
    public string Data { get; init; } = Vae.MLNet.Runs.DatasetOptions.DefaultPath;
    public int Latent { get; init; } = 10;

    /// <summary>Epochs of the dense AE and VAE (the notebook trains 30; 10 keeps the study short).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Epochs of the conv VAE (about 35–50 s each on 2 cores).</summary>
    public int ConvEpochs { get; init; } = 3;

    /// <summary>The default "conv-leaky"; "conv" is the Keras example's network, "conv-deep" the notebook's exact
    /// network (about 7 minutes per epoch on 2 cores).</summary>
    public string ConvPreset { get; init; } = Presets.ConvLeaky;
    public int? MaxTrain { get; init; }

    /// <summary>Test images for the importance-weighted bound (k = 64 decodes each).</summary>
    public int IwaeImages { get; init; } = 1000;
    public int Seed { get; init; }

    /// <summary>Training images (the first) of the baselines' classifiers: raw-pixel L-BFGS on all 60,000 would
    /// dominate the study.</summary>
    public int BaselineTrain { get; init; } = 20_000;

    public TrainingOptions Training(string preset, ModelKind kind, int epochs) =>
        new()
        {
            Preset = preset,
            Kind = kind,
            LatentSize = Latent,
            Epochs = epochs,
            Seed = Seed,
        };

    public static StudyOptions Parse(string[] args)
    {
        var o = new StudyOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--out" => o with { Out = Value() },
                "--data" => o with { Data = Value() },
                "--latent" => o with { Latent = Int() },
                "--epochs" => o with { Epochs = Int() },
                "--conv-epochs" => o with { ConvEpochs = Int() },
                "--conv-preset" => o with { ConvPreset = Value() },
                "--max-train" => o with { MaxTrain = Int() },
                "--iwae-images" => o with { IwaeImages = Int() },
                "--seed" => o with { Seed = Int() },
                "--baseline-train" => o with { BaselineTrain = Int() },
                _ => throw new ArgumentException($"unknown option '{args[i]}'; see the header of samples/LatentSpaceStudy/Program.cs."),
            };
        }
        return o;
    }
}
