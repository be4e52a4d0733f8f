using Vae.MLNet.Scoring;

namespace Vae.MLNet.Service;

/// <summary>Limits and settings of the scoring service. Defaults suit a 2-core machine.</summary>
public sealed record ServiceOptions
{
    /// <summary>Largest batch (images or latent vectors) per request; more gives 413.</summary>
    public int MaxBatch { get; init; } = 1024;

    /// <summary>Largest request body in bytes; more gives 413. Default 16 MiB (1024 float32 images are 3.2 MB binary,
    /// ~10 MB JSON).</summary>
    public long MaxBodyBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// Seconds a request body may take to arrive; a slower one gets 408. Bodies are read in full before a request takes
    /// its share of the image budget (<see cref="ImageBudget"/>), so a client that trickles its body holds only the
    /// bytes it has sent, never permits other requests need. Default <see cref="DefaultBodySeconds"/>.
    /// </summary>
    public double BodySeconds { get; init; } = DefaultBodySeconds;

    /// <summary>Default of <see cref="BodySeconds"/>: a 16 MiB body at Kestrel's minimum rate of 240 B/s would take
    /// 19 hours; at 1 MB/s it takes 17 s.</summary>
    public const double DefaultBodySeconds = 30;

    /// <summary>Largest encoded image (PNG, JPEG, BMP, WebP body or form file), in pixels (width × height), read from its
    /// header before it is decoded; more gives 413. Default 4096 × 4096.</summary>
    public long MaxImagePixels { get; init; } = 4096L * 4096;

    /// <summary>
    /// Images all requests in flight may carry at once (<see cref="ImageBudget"/>); requests beyond it
    /// wait, and beyond twice it get 503 with Retry-After. Default 4 × the default MaxBatch: four
    /// full-size requests at a time, about 0.5 GB at most on top of the models.
    /// </summary>
    public int MaxImagesInFlight { get; init; } = DefaultMaxImagesInFlight;

    /// <summary>Seconds a 503 for a full <see cref="ImageBudget"/> asks the client to wait (Retry-After).</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Default of <see cref="MaxImagesInFlight"/>.</summary>
    public const int DefaultMaxImagesInFlight = 4096;

    /// <summary>How concurrent requests are run together (<see cref="DynamicBatcher{TResult}"/>).</summary>
    public BatchingOptions Batching { get; init; } = new();

    /// <summary>ONNX Runtime sessions: intra-op threads (0: ORT's default), device (cpu, cuda, cuda:N) and CPU fallback.</summary>
    public OnnxScoringOptions Scoring { get; init; } = new();

    /// <summary>The served ML.NET model's image input column (<c>Vector&lt;Single, C·H·W&gt;</c>). Default "Image", as
    /// <c>VaeFeaturizer</c>'s.</summary>
    public string PredictImageColumn { get; init; } = DefaultImageColumn;

    /// <summary>The served ML.NET model's latent column, returned by /v1/predict when the model outputs it. Default "Latent".</summary>
    public string PredictLatentColumn { get; init; } = DefaultLatentColumn;

    /// <summary>
    /// The scale of the ML.NET model's image column: <c>UnitInterval</c> (default; requests' [0, 1]
    /// pixels go in unchanged) or <c>Bytes</c> for a model whose featurizer was fit with <c>PixelScale.Bytes</c>
    /// (pixels are multiplied by 255 on the way in).
    /// </summary>
    public PixelScale PredictPixelScale { get; init; } = PixelScale.UnitInterval;

    /// <summary>Default of <see cref="PredictImageColumn"/>.</summary>
    public const string DefaultImageColumn = "Image";

    /// <summary>Default of <see cref="PredictLatentColumn"/>.</summary>
    public const string DefaultLatentColumn = "Latent";
}
