using Vae.MLNet.Models;

namespace Vae.MLNet.Runs;

/// <summary>
/// The model and optimization hyperparameters of a training run, and the engine settings its results depend on (threads,
/// device); the data it trains on is <see cref="DatasetOptions"/>. Defaults are the main job's: the <c>conv-leaky</c> VAE with
/// latent size 10 on Fashion-MNIST for 8 epochs (chosen from the data's size), Adam at 2e-3, free bits 0.5 (about 1½
/// minutes on 2 AVX-512 cores).
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Default preset.</summary>
    public const string DefaultPreset = Presets.ConvLeaky;

    /// <summary>Default latent size.</summary>
    public const int DefaultLatentSize = 10;

    /// <summary>
    /// Default epochs: 0, chosen from the training set's size (<see cref="EpochsFor"/>): 8 on Fashion-MNIST's 57,000
    /// training images, which bring the main job below 240 nats of test negative ELBO (239.39, against 240.78 after 5)
    /// in about 90 s of training on 2 AVX-512 cores (docs/benchmarks.md, "The main job"); more on a smaller set, so
    /// that it gets as many optimizer steps (docs/latent-quality.md, "Small datasets").
    /// </summary>
    public const int DefaultEpochs = AutomaticEpochs;

    /// <summary>The value of <see cref="Epochs"/> that asks for <see cref="EpochsFor"/>.</summary>
    public const int AutomaticEpochs = 0;

    /// <summary>Fewest epochs the automatic choice makes: the main job's 8.</summary>
    public const int SmallestAutomaticEpochs = 8;

    /// <summary>Most epochs the automatic choice makes (a few hundred images would otherwise get thousands).</summary>
    public const int LargestAutomaticEpochs = 100;

    /// <summary>Optimizer steps a run's automatic epochs aim for at least: about the main job's (8 epochs of 446
    /// batches of 128 make 3,568).</summary>
    public const int OptimizerStepsTarget = 3_500;

    /// <summary>
    /// Default batch size: 0, chosen from the training set's size (<see cref="BatchSizeFor"/>): 128 on
    /// Fashion-MNIST's 57,000 training images, 32 on a few thousand, where batches of 128 leave a 3-epoch
    /// run too few optimizer steps to beat PCA (docs/latent-quality.md).
    /// </summary>
    public const int DefaultBatchSize = AutomaticBatchSize;

    /// <summary>The value of <see cref="BatchSize"/> that asks for <see cref="BatchSizeFor"/>.</summary>
    public const int AutomaticBatchSize = 0;

    /// <summary>Largest batch the automatic choice makes (as the Keras notebooks it reproduces and the PyTorch baseline).</summary>
    public const int LargestAutomaticBatch = 128;

    /// <summary>Smallest batch the automatic choice makes (below it, per-step overhead dominates on 2 cores).</summary>
    public const int SmallestAutomaticBatch = 32;

    /// <summary>Optimizer steps per epoch the automatic choice aims for at least.</summary>
    public const int StepsPerEpochTarget = 200;

    /// <summary>Default model kind: a VAE.</summary>
    public const ModelKind DefaultKind = ModelKind.Variational;

    /// <summary>Default reconstruction loss: BCE (the Bernoulli likelihood, so the total is the negative ELBO in nats).</summary>
    public const ReconstructionLoss DefaultLoss = ReconstructionLoss.Bce;

    /// <summary>Default optimizer: Adam.</summary>
    public const OptimizerKind DefaultOptimizer = OptimizerKind.Adam;

    /// <summary>Default device: the CPU.</summary>
    public const string DefaultDevice = "cpu";

    /// <summary>Default smallest validation improvement for early stopping and ReduceLROnPlateau, nats per image (Keras' min_delta
    /// as the notebook "Practical 10" sets it).</summary>
    public const double DefaultMinDelta = 1e-4;

    /// <summary>Default ReduceLROnPlateau factor (the notebook "Practical 10": 0.5).</summary>
    public const double DefaultLrFactor = 0.5;

    /// <summary>Default ReduceLROnPlateau floor and cosine schedule end (the notebook "Practical 10": 1e-6).</summary>
    public const double DefaultMinLearningRate = 1e-6;

    /// <summary>Default KL weight β: 1, the ELBO itself.</summary>
    public const double DefaultBeta = 1.0;

    /// <summary>Default learning rate: 2e-3 gave the main job a test negative ELBO 4.9 nats better than Adam's usual
    /// 1e-3 after 6 epochs, and 3e-3 no better (docs/benchmarks.md).</summary>
    public const double DefaultLearningRate = 2e-3;

    /// <summary>Default fraction of the training split held out for validation (3,000 Fashion-MNIST images: the
    /// validation loss to about ±0.5 nats, and 95% of the data left for training).</summary>
    public const double DefaultValidationFraction = 0.05;

    /// <summary>Default free bits λ, nats per latent dimension: on, since it kept every unit of the default preset
    /// active (docs/latent-quality.md).</summary>
    public const double DefaultFreeBits = 0.5;

    /// <summary>Default learning-rate schedule: constant (cosine decay cost a 3-epoch run on 8,000 images a point of
    /// accuracy: docs/latent-quality.md).</summary>
    public const LearningRateSchedule DefaultSchedule = LearningRateSchedule.Constant;

    /// <summary>Largest latent size accepted (checked before anything is created: a latent size of 10⁸ once failed 76 s
    /// later allocating 1.25 TB).</summary>
    public const int MaxLatentSize = 4096;

    /// <summary>Largest batch size accepted.</summary>
    public const int MaxBatchSize = 65_536;

    /// <summary>Most libtorch threads accepted: one per core of this machine (999 once started 2,003 threads and
    /// trained at 9 img/s).</summary>
    public static int MaxThreads => Environment.ProcessorCount;

    /// <summary>Largest epoch count accepted.</summary>
    public const int MaxEpochs = 100_000;

    /// <summary>Architecture preset (see <see cref="Presets.Names"/>).</summary>
    public string Preset { get; init; } = DefaultPreset;

    /// <summary>AE or VAE.</summary>
    public ModelKind Kind { get; init; } = DefaultKind;

    /// <summary>Latent size d.</summary>
    public int LatentSize { get; init; } = DefaultLatentSize;

    /// <summary>KL weight β (1: ELBO; β-VAE, Higgins et al. 2017, otherwise). Ignored by an AE.</summary>
    public double Beta { get; init; } = DefaultBeta;

    /// <summary>Reconstruction loss.</summary>
    public ReconstructionLoss Loss { get; init; } = DefaultLoss;

    /// <summary>The optimizer.</summary>
    public OptimizerKind Optimizer { get; init; } = DefaultOptimizer;

    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = DefaultLearningRate;

    /// <summary>Images per optimizer step (the last batch of an epoch may be smaller); 0: chosen from the training
    /// set's size (<see cref="BatchSizeFor"/>).</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>
    /// The batch size a run trains with on <paramref name="trainImages"/> images: <see cref="BatchSize"/>
    /// when set; otherwise the largest power of two with at least <see cref="StepsPerEpochTarget"/> steps
    /// per epoch, within [<see cref="SmallestAutomaticBatch"/>, <see cref="LargestAutomaticBatch"/>].
    /// </summary>
    public int BatchSizeFor(int trainImages)
    {
        if (BatchSize != AutomaticBatchSize)
            return BatchSize;
        int batch = LargestAutomaticBatch;
        while (batch > SmallestAutomaticBatch && (long)batch * StepsPerEpochTarget > trainImages)
            batch /= 2;
        return batch;
    }

    /// <summary>Optimizer steps of one epoch over <paramref name="trainImages"/> images at <see cref="BatchSizeFor"/>'s batch
    /// (the last batch may be smaller).</summary>
    public int BatchesPerEpoch(int trainImages)
    {
        int batch = BatchSizeFor(trainImages);
        return (int)(((long)trainImages + batch - 1) / batch);
    }

    /// <summary>The batch size as a report shows it: "32 (automatic)", "automatic" when the training set's size is not
    /// known, or the number given.</summary>
    public string BatchSizeText(int? trainImages) => Described(BatchSize, AutomaticBatchSize, trainImages, BatchSizeFor);

    /// <summary>Passes over the training images; 0: chosen from the training set's size (<see cref="EpochsFor"/>).</summary>
    public int Epochs { get; init; } = DefaultEpochs;

    /// <summary>
    /// The epochs a run trains on <paramref name="trainImages"/> images: <see cref="Epochs"/> when set; otherwise the
    /// fewest that make at least <see cref="OptimizerStepsTarget"/> optimizer steps at <see cref="BatchSizeFor"/>'s
    /// batch, within [<see cref="SmallestAutomaticEpochs"/>, <see cref="LargestAutomaticEpochs"/>].
    /// </summary>
    public int EpochsFor(int trainImages)
    {
        if (Epochs != AutomaticEpochs)
            return Epochs;
        long stepsPerEpoch = Math.Max(1, BatchesPerEpoch(trainImages));
        long epochs = (OptimizerStepsTarget + stepsPerEpoch - 1) / stepsPerEpoch;
        return (int)Math.Clamp(epochs, SmallestAutomaticEpochs, LargestAutomaticEpochs);
    }

    /// <summary>The epochs as a report shows them: "17 (automatic)", "automatic" when the training set's size is not
    /// known, or the number given.</summary>
    public string EpochsText(int? trainImages) => Described(Epochs, AutomaticEpochs, trainImages, EpochsFor);

    private static string Described(int value, int automatic, int? trainImages, Func<int, int> choose) =>
        value != automatic ? value.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : trainImages is { } n ? $"{choose(n)} (automatic)"
        : "automatic";

    /// <summary>Seed of weight initialization, shuffling, the validation split and z samples.</summary>
    public int Seed { get; init; }

    /// <summary>Fraction of the training split held out for validation, in [0, 0.5].</summary>
    public double ValidationFraction { get; init; } = DefaultValidationFraction;

    /// <summary>libtorch threads; 0 = the default: one per core available to the process (its CPU affinity and quota),
    /// whatever other processes run (TorchRuntime.DefaultThreads).</summary>
    public int Threads { get; init; }

    /// <summary>"cpu" or "cuda".</summary>
    public string Device { get; init; } = DefaultDevice;

    /// <summary>Early stopping: epochs without validation improvement before stopping; 0 = off. The notebook "Practical
    /// 10" uses 6.</summary>
    public int EarlyStoppingPatience { get; init; }

    /// <summary>Smallest validation-loss decrease (nats per image) that counts as an improvement, for early stopping.</summary>
    public double MinDelta { get; init; } = DefaultMinDelta;

    /// <summary>With early stopping: end with the weights of the best validation epoch (Keras' restore_best_weights).</summary>
    public bool RestoreBestWeights { get; init; } = true;

    /// <summary>ReduceLROnPlateau: epochs without validation improvement before the rate is cut; 0 = off. The notebook
    /// "Practical 10" uses 3.</summary>
    public int LrPatience { get; init; }

    /// <summary>ReduceLROnPlateau factor (the notebook "Practical 10": 0.5).</summary>
    public double LrFactor { get; init; } = DefaultLrFactor;

    /// <summary>ReduceLROnPlateau floor (the notebook "Practical 10": 1e-6).</summary>
    public double MinLearningRate { get; init; } = DefaultMinLearningRate;

    /// <summary>KL warm-up: β rises linearly from 0 over this many epochs; 0 = off.</summary>
    public int KlWarmupEpochs { get; init; }

    /// <summary>Clip the global gradient norm to this value before each step; 0 = off.</summary>
    public double ClipGradNorm { get; init; }

    /// <summary>
    /// Free bits λ, nats per latent dimension (Kingma et al. 2016, eq. 15): the training objective's KL
    /// term is Σ_j max(λ, batch mean of KL_j), so no dimension is pushed below λ nats; 0 = off. The
    /// reported losses are always the true reconstruction and KL.
    /// </summary>
    public double FreeBits { get; init; } = DefaultFreeBits;

    /// <summary>How the learning rate changes over the run.</summary>
    public LearningRateSchedule Schedule { get; init; } = DefaultSchedule;

    /// <summary>The model's architecture for images of the given shape (the dataset's).</summary>
    /// <exception cref="ArgumentException">The preset does not take that shape
    /// (see <see cref="Presets.Create(string, ModelKind, int, ImageShape)"/>).</exception>
    public ArchitectureSpec Architecture(ImageShape input) => Presets.Create(Preset, Kind, LatentSize, input);

    /// <summary>
    /// Checks ranges; throws with the option's name and the allowed range: the property
    /// (<c>TrainingOptions.LatentSize</c>), or, when the options were read from <paramref name="file"/> (a run
    /// folder's options.json), that file and the field's JSON name.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate(string? file = null)
    {
        var checks = new OptionChecks(nameof(TrainingOptions), file);
        string N(string property) => checks.Name(property);
        void Require(bool ok, string message) => checks.Require(ok, message);

        Require(Presets.Names.Contains(Preset), $"{N(nameof(Preset))} '{Preset}' is unknown; valid: {string.Join(", ", Presets.Names)}.");
        Require(LatentSize is >= 1 and <= MaxLatentSize, $"{N(nameof(LatentSize))} must be in [1, {MaxLatentSize}], got {LatentSize}.");
        Require(Beta >= 0 && double.IsFinite(Beta), $"{N(nameof(Beta))} must be ≥ 0, got {Beta}.");
        Require(
            Enum.IsDefined(Optimizer),
            $"{N(nameof(Optimizer))} must be {OptimizerNames.Adam} or {OptimizerNames.Adamax}, got {(int)Optimizer}."
        );
        Require(Enum.IsDefined(Kind), $"{N(nameof(Kind))} must be {nameof(ModelKind.Variational)} or {nameof(ModelKind.Autoencoder)}.");
        Require(Enum.IsDefined(Loss), $"{N(nameof(Loss))} must be {nameof(ReconstructionLoss.Bce)} or {nameof(ReconstructionLoss.Mse)}.");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), $"{N(nameof(LearningRate))} must be > 0, got {LearningRate}.");
        Require(
            BatchSize is >= 0 and <= MaxBatchSize,
            $"{N(nameof(BatchSize))} must be in [1, {MaxBatchSize}], or 0 for automatic; got {BatchSize}."
        );
        Require(Epochs is >= 0 and <= MaxEpochs, $"{N(nameof(Epochs))} must be in [1, {MaxEpochs}], or 0 for automatic; got {Epochs}.");
        Require(ValidationFraction is >= 0 and <= 0.5, $"{N(nameof(ValidationFraction))} must be in [0, 0.5], got {ValidationFraction}.");
        // A run folder from a machine with more cores keeps its thread count: a resumed run is bit-exact only with it.
        Require(
            Threads >= 0 && (file is not null || Threads <= MaxThreads),
            $"{N(nameof(Threads))} must be in [0, {MaxThreads}] (the cores of this machine), got {Threads}."
        );
        Require(EarlyStoppingPatience >= 0, $"{N(nameof(EarlyStoppingPatience))} must be ≥ 0, got {EarlyStoppingPatience}.");
        Require(MinDelta >= 0 && double.IsFinite(MinDelta), $"{N(nameof(MinDelta))} must be ≥ 0 and finite, got {MinDelta}.");
        Require(LrPatience >= 0, $"{N(nameof(LrPatience))} must be ≥ 0, got {LrPatience}.");
        Require(LrFactor is > 0 and < 1, $"{N(nameof(LrFactor))} must be in (0, 1), got {LrFactor}.");
        Require(MinLearningRate >= 0, $"{N(nameof(MinLearningRate))} must be ≥ 0, got {MinLearningRate}.");
        // The floor of a schedule or plateau that lowers the rate; above the rate it would raise it.
        Require(
            MinLearningRate <= LearningRate || (Schedule == LearningRateSchedule.Constant && LrPatience == 0),
            $"{N(nameof(MinLearningRate))} ({MinLearningRate}) must be ≤ {N(nameof(LearningRate))} ({LearningRate}): it is the "
                + "floor the rate decays to."
        );
        Require(KlWarmupEpochs >= 0, $"{N(nameof(KlWarmupEpochs))} must be ≥ 0, got {KlWarmupEpochs}.");
        Require(ClipGradNorm >= 0 && double.IsFinite(ClipGradNorm), $"{N(nameof(ClipGradNorm))} must be ≥ 0, got {ClipGradNorm}.");
        Require(FreeBits >= 0 && double.IsFinite(FreeBits), $"{N(nameof(FreeBits))} must be ≥ 0, got {FreeBits}.");
        Require(
            Schedule == LearningRateSchedule.Constant || LrPatience == 0,
            $"{N(nameof(Schedule))} cosine and {N(nameof(LrPatience))} " + "both set the learning rate: use one of them."
        );
        Require(
            (EarlyStoppingPatience == 0 && LrPatience == 0) || ValidationFraction > 0,
            $"{N(nameof(EarlyStoppingPatience))} and {N(nameof(LrPatience))} "
                + "watch the validation loss: "
                + $"{N(nameof(ValidationFraction))} must be > 0."
        );
    }
}
