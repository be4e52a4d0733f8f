namespace Vae.MLNet.Service;

/// <summary>Body of POST /v1/encode and /v1/reconstruct: images as flat arrays of C·H·W values in [0, 1] (the model's
/// shape; 784 for 28×28 grayscale), row-major [C, H, W].</summary>
public sealed record ImagesRequest(float[][]? Images);

/// <summary>Body of POST /v1/decode: latent vectors z, each of the model's latent size d.</summary>
public sealed record DecodeRequest(float[][]? Z);

/// <summary>Body of POST /v1/generate: how many images to sample from the prior N(0, I), and the seed.</summary>
public sealed record GenerateRequest(int N = 16, int Seed = 0);

/// <summary>Response of /v1/encode: μ and (for a VAE) log σ² per image, [N][d].</summary>
public sealed record EncodeResponse(float[][] Mu, float[][]? LogVar);

/// <summary>Response of /v1/decode and /v1/generate: images [N][C·H·W] in [0, 1].</summary>
public sealed record ImagesResponse(float[][] Images);

/// <summary>
/// Response of /v1/reconstruct: decoded μ per image, and the reconstruction error of the loss the model
/// was trained with, summed over the C·H·W values of an image: binary cross-entropy (nats per image) for a BCE model,
/// squared error for an MSE model; high values mark anomalies.
/// </summary>
public sealed record ReconstructResponse(float[][] Images, double[] ReconstructionError);

/// <summary>Response of GET /v1/model: the model, the ONNX Runtime version, and the dynamic batching settings.</summary>
public sealed record ModelResponse(
    int LatentSize,
    bool HasLogVar,
    IReadOnlyDictionary<string, string> Metadata,
    string OnnxRuntime,
    BatchingOptions Batching
);

/// <summary>
/// Response of /v1/predict (a served ML.NET model): per image the predicted label as text (a key's
/// value, a number in invariant culture, or the text), the classifier's scores [N][classes] (for
/// ML.NET's multiclass trainers, probabilities in the order of <c>Classes</c>), the latent means μ
/// [N][d] when the model outputs a <c>Latent</c> column, and the class names when the model carries them.
/// </summary>
public sealed record PredictResponse(string[] PredictedLabels, float[][] Scores, float[][]? Latents, string[]? Classes);
