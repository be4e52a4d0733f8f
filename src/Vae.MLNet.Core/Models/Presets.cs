using static Vae.MLNet.Models.LayerSpec;

namespace Vae.MLNet.Models;

/// <summary>
/// The default network, designed for the quality of its latents, and the architectures of the
/// notebooks it replaces, each available as AE and VAE. Keras' padding='same' is written as PyTorch's
/// symmetric padding that gives the same output size.
/// </summary>
public static class Presets
{
    /// <summary>
    /// The default: Conv 32, 64 (3×3, stride 2) → Dense 256 → z; z → Dense 256 → Dense 7·7·64 → ConvT 32,
    /// ConvT 1 (3×3, stride 2), LeakyReLU (slope <see cref="LeakySlope"/>) after every hidden layer. The
    /// notebooks' <see cref="Conv"/> with what made its latents poor replaced: its ReLUs die in the first
    /// steps (13 of its 16 head units on Fashion-MNIST), and a dead unit never returns; a leaky unit cannot
    /// die. Its decoder has a third of <see cref="Conv"/>'s FLOPs (docs/latent-quality.md).
    /// </summary>
    public const string ConvLeaky = "conv-leaky";

    /// <summary>784 → 512 ReLU → z; z → 512 ReLU → 784 (the MNIST notebooks' dense VAE).</summary>
    public const string Dense = "dense";

    /// <summary>784 → 300 LeakyReLU → z; decoder mirrored (the notebook "Analysis of the latent space in the
    /// variational auto-encoder").</summary>
    public const string DenseSmall = "dense-small";

    /// <summary>Conv 32, 64 (3×3, stride 2) → Dense 16 → z; Dense 7·7·64 → ConvT 64, 32 (stride 2) → ConvT 1 (the Keras
    /// example "Variational AutoEncoder" by François Chollet, as course notebooks copy it).</summary>
    public const string Conv = "conv";

    /// <summary>Conv 32, MaxPool 2, Conv 64, MaxPool 2, Dense 128 → z; decoder as <see cref="Conv"/> (the notebook
    /// "Compulsory Assignment 4: Variational Autoencoders").</summary>
    public const string ConvPool = "conv-pool";

    /// <summary>The 5×5 LeakyReLU convolutional encoder and decoder of the notebook "Analysis of the latent space in
    /// the variational auto-encoder".</summary>
    public const string ConvDeep = "conv-deep";

    /// <summary>LeakyReLU slope of <see cref="ConvLeaky"/>: PyTorch's default.</summary>
    public const double LeakySlope = 0.01;

    /// <summary>
    /// LeakyReLU slope of that notebook's models: Keras' <c>LeakyReLU()</c> default (alpha = 0.3),
    /// not PyTorch's 0.01.
    /// </summary>
    public const double KerasLeakySlope = 0.3;

    /// <summary>All preset names, in the order help text lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [ConvLeaky, Dense, DenseSmall, Conv, ConvPool, ConvDeep];

    /// <summary>Builds the named preset.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="kind">AE or VAE.</param>
    /// <param name="latentSize">Latent size d (≥ 1).</param>
    /// <exception cref="ArgumentException">Unknown preset name (the message lists the valid ones).</exception>
    /// <exception cref="ArgumentOutOfRangeException">latentSize is not positive.</exception>
    public static ArchitectureSpec Create(string name, ModelKind kind, int latentSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(latentSize);
        return name switch
        {
            ConvLeaky => ConvLeakyModel(name, kind, latentSize),
            Dense => DenseModel(name, kind, latentSize, hidden: 512, Relu()),
            DenseSmall => DenseModel(name, kind, latentSize, hidden: 300, LeakyRelu(KerasLeakySlope)),
            Conv => new(
                name,
                kind,
                latentSize,
                16,
                [Conv2d(1, 32, 3, 2, 1), Relu(), Conv2d(32, 64, 3, 2, 1), Relu(), Flatten(), Linear(3136, 16), Relu()],
                ConvDecoder(latentSize)
            ),
            ConvPool => new(
                name,
                kind,
                latentSize,
                128,
                [
                    Conv2d(1, 32, 3, 1, 1),
                    Relu(),
                    MaxPool2d(2),
                    Conv2d(32, 64, 3, 1, 1),
                    Relu(),
                    MaxPool2d(2),
                    Flatten(),
                    Linear(3136, 128),
                    Relu(),
                ],
                ConvDecoder(latentSize)
            ),
            ConvDeep => ConvDeepModel(name, kind, latentSize),
            _ => throw new ArgumentException($"Unknown preset '{name}'. Valid presets: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    private static ArchitectureSpec DenseModel(string name, ModelKind kind, int d, int hidden, LayerSpec activation) =>
        new(
            name,
            kind,
            d,
            hidden,
            [Flatten(), Linear(ImageShape.Pixels, hidden), activation],
            [
                Linear(d, hidden),
                activation,
                Linear(hidden, ImageShape.Pixels),
                Unflatten(ImageShape.Channels, ImageShape.Side, ImageShape.Side),
            ]
        );

    // Dense 7·7·64 → ConvT 64 → ConvT 32 (3×3, stride 2, 'same') → ConvT 1 (3×3, 'same').
    private static LayerSpec[] ConvDecoder(int d) =>
        [
            Linear(d, 3136),
            Relu(),
            Unflatten(64, 7, 7),
            ConvTranspose2d(64, 64, 3, 2, 1, 1),
            Relu(),
            ConvTranspose2d(64, 32, 3, 2, 1, 1),
            Relu(),
            ConvTranspose2d(32, 1, 3, 1, 1, 0),
        ];

    private static ArchitectureSpec ConvLeakyModel(string name, ModelKind kind, int d)
    {
        var leaky = LeakyRelu(LeakySlope);
        return new(
            name,
            kind,
            d,
            256,
            [Conv2d(1, 32, 3, 2, 1), leaky, Conv2d(32, 64, 3, 2, 1), leaky, Flatten(), Linear(3136, 256), leaky],
            [
                Linear(d, 256),
                leaky,
                Linear(256, 3136),
                leaky,
                Unflatten(64, 7, 7),
                ConvTranspose2d(64, 32, 3, 2, 1, 1),
                leaky,
                ConvTranspose2d(32, 1, 3, 2, 1, 1),
            ]
        );
    }

    private static ArchitectureSpec ConvDeepModel(string name, ModelKind kind, int d)
    {
        var leaky = LeakyRelu(KerasLeakySlope);
        return new(
            name,
            kind,
            d,
            128,
            [
                Conv2d(1, 32, 5, 1, 2),
                leaky,
                Conv2d(32, 32, 5, 2, 2),
                leaky,
                Conv2d(32, 64, 5, 1, 2),
                leaky,
                Conv2d(64, 64, 5, 2, 2),
                leaky,
                Conv2d(64, 128, 7, 1, 0),
                leaky,
                Flatten(),
            ],
            [
                Unflatten(d, 1, 1),
                ConvTranspose2d(d, 64, 7, 1, 0, 0),
                leaky,
                ConvTranspose2d(64, 64, 5, 1, 2, 0),
                leaky,
                ConvTranspose2d(64, 64, 5, 2, 2, 1),
                leaky,
                ConvTranspose2d(64, 32, 5, 1, 2, 0),
                leaky,
                ConvTranspose2d(32, 32, 5, 2, 2, 1),
                leaky,
                ConvTranspose2d(32, 32, 5, 1, 2, 0),
                leaky,
                Conv2d(32, 1, 5, 1, 2),
            ]
        );
    }
}
