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
    /// The default: for 28×28 images, Conv 32, 64 (3×3, stride 2) → Dense 256 → z; z → Dense 256 → Dense 7·7·64 →
    /// ConvT 32, ConvT 1 (3×3, stride 2); for other shapes as many stride-2 convolutions as
    /// the rule of <see cref="ConvLeakyFeatureSide"/> gives, and a decoder that mirrors them to the input's exact size.
    /// LeakyReLU (slope <see cref="LeakySlope"/>) after every hidden layer. The
    /// notebooks' <see cref="Conv"/> with what made its latents poor replaced: its ReLUs die in the first
    /// steps (13 of its 16 head units on Fashion-MNIST), and a dead unit never returns; a leaky unit cannot
    /// die. Its decoder has a third of <see cref="Conv"/>'s FLOPs (docs/latent-quality.md).
    /// </summary>
    public const string ConvLeaky = "conv-leaky";

    /// <summary>C·H·W (784) → 512 ReLU → z; z → 512 ReLU → C·H·W (the MNIST notebooks' dense VAE).</summary>
    public const string Dense = "dense";

    /// <summary>C·H·W (784) → 300 LeakyReLU → z; decoder mirrored (the notebook "Analysis of the latent space in the
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

    /// <summary>Builds the named preset for 28×28 grayscale images (<see cref="ImageShape.Mnist"/>).</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="kind">AE or VAE.</param>
    /// <param name="latentSize">Latent size d (≥ 1).</param>
    /// <exception cref="ArgumentException">Unknown preset name (the message lists the valid ones).</exception>
    /// <exception cref="ArgumentOutOfRangeException">latentSize is not positive.</exception>
    public static ArchitectureSpec Create(string name, ModelKind kind, int latentSize) => Create(name, kind, latentSize, ImageShape.Mnist);

    /// <summary>
    /// Builds the named preset for images of the given shape. <see cref="ConvLeaky"/> adapts to any shape
    /// (<see cref="ConvLeakyFeatureSide"/>); the dense presets take C·H·W inputs; the notebooks' convolutional
    /// presets (<see cref="Conv"/>, <see cref="ConvPool"/>, <see cref="ConvDeep"/>) keep their 28×28 layers and
    /// take 1 or 3 channels.
    /// </summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="kind">AE or VAE.</param>
    /// <param name="latentSize">Latent size d (≥ 1).</param>
    /// <param name="input">The images' shape.</param>
    /// <exception cref="ArgumentException">Unknown preset name (the message lists the valid ones), a notebook
    /// convolutional preset for images other than 28×28, or the default shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">latentSize is not positive.</exception>
    public static ArchitectureSpec Create(string name, ModelKind kind, int latentSize, ImageShape input)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(latentSize);
        if (input.Channels == 0)
            throw new ArgumentException("default(ImageShape) has no channels; give the images' shape.", nameof(input));
        if (name is Conv or ConvPool or ConvDeep && (input.Height, input.Width) != (28, 28))
            throw new ArgumentException(
                $"Preset '{name}' is a notebook's network for 28×28 images; the images are {input.Describe()}. "
                    + $"Use '{ConvLeaky}', which adapts to any size, or '{Dense}' / '{DenseSmall}'.",
                nameof(input)
            );
        int c = input.Channels;
        return name switch
        {
            ConvLeaky => ConvLeakyModel(name, input, kind, latentSize),
            Dense => DenseModel(name, input, kind, latentSize, hidden: 512, Relu()),
            DenseSmall => DenseModel(name, input, kind, latentSize, hidden: 300, LeakyRelu(KerasLeakySlope)),
            Conv => new(
                name,
                input,
                kind,
                latentSize,
                16,
                [Conv2d(c, 32, 3, 2, 1), Relu(), Conv2d(32, 64, 3, 2, 1), Relu(), Flatten(), Linear(3136, 16), Relu()],
                ConvDecoder(latentSize, c)
            ),
            ConvPool => new(
                name,
                input,
                kind,
                latentSize,
                128,
                [
                    Conv2d(c, 32, 3, 1, 1),
                    Relu(),
                    MaxPool2d(2),
                    Conv2d(32, 64, 3, 1, 1),
                    Relu(),
                    MaxPool2d(2),
                    Flatten(),
                    Linear(3136, 128),
                    Relu(),
                ],
                ConvDecoder(latentSize, c)
            ),
            ConvDeep => ConvDeepModel(name, input, kind, latentSize),
            _ => throw new ArgumentException($"Unknown preset '{name}'. Valid presets: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    private static ArchitectureSpec DenseModel(string name, ImageShape input, ModelKind kind, int d, int hidden, LayerSpec activation) =>
        new(
            name,
            input,
            kind,
            d,
            hidden,
            [Flatten(), Linear(input.Size, hidden), activation],
            [Linear(d, hidden), activation, Linear(hidden, input.Size), Unflatten(input.Channels, input.Height, input.Width)]
        );

    // Dense 7·7·64 → ConvT 64 → ConvT 32 (3×3, stride 2, 'same') → ConvT 1 (3×3, 'same').
    private static LayerSpec[] ConvDecoder(int d, int channels) =>
        [
            Linear(d, 3136),
            Relu(),
            Unflatten(64, 7, 7),
            ConvTranspose2d(64, 64, 3, 2, 1, 1),
            Relu(),
            ConvTranspose2d(64, 32, 3, 2, 1, 1),
            Relu(),
            ConvTranspose2d(32, channels, 3, 1, 1, 0),
        ];

    private static ArchitectureSpec ConvLeakyModel(string name, ImageShape input, ModelKind kind, int d)
    {
        var leaky = LeakyRelu(LeakySlope);
        var steps = AdaptiveConvolutions(input);
        var last = steps[^1];
        var encoder = new List<LayerSpec>();
        var decoder = new List<LayerSpec> { Linear(d, ConvLeakyHead), leaky, Linear(ConvLeakyHead, last.Features), leaky };
        decoder.Add(Unflatten(last.OutChannels, last.OutHeight, last.OutWidth));
        foreach (var step in steps)
            encoder.AddRange([Conv2d(step.InChannels, step.OutChannels, 3, 2, 1), leaky]);
        encoder.AddRange([Flatten(), Linear(last.Features, ConvLeakyHead), leaky]);
        for (int i = steps.Count - 1; i >= 0; i--)
        {
            var s = steps[i];
            // A stride-2 convolution maps a side n to ⌈n/2⌉; its mirror gives back 2·⌈n/2⌉ − 1 + p, so p = 1 for an even n.
            decoder.Add(ConvTranspose2d(s.OutChannels, s.InChannels, 3, 2, 1, 1 - s.InHeight % 2, 1 - s.InWidth % 2));
            if (i > 0)
                decoder.Add(leaky);
        }
        return new(name, input, kind, d, ConvLeakyHead, encoder, decoder);
    }

    /// <summary>Width of <see cref="ConvLeaky"/>'s dense layers.</summary>
    public const int ConvLeakyHead = 256;

    /// <summary>Widest convolution of <see cref="ConvLeaky"/>, in channels.</summary>
    public const int ConvLeakyMaxChannels = 256;

    /// <summary>
    /// Largest side of the feature map <see cref="ConvLeaky"/>'s convolutions stop at, in pixels: its encoder has
    /// 3×3, stride-2, padding-1 convolutions, each halving the sides (rounding up), until neither side exceeds this;
    /// 32 channels, then twice the last, up to <see cref="ConvLeakyMaxChannels"/>. A 28×28 image gives two layers (32
    /// and 64 channels) to a 7×7 map, a 64×64 image three (32, 64, 128) to 8×8. The decoder mirrors them, with each
    /// transposed convolution's output padding chosen per axis so that the output has the input's exact size.
    /// </summary>
    public const int ConvLeakyFeatureSide = 8;

    /// <summary>
    /// <see cref="ConvLeaky"/>'s encoder convolutions for an input shape: 3×3, stride 2, padding 1, each halving
    /// the sides (rounding up), until neither side exceeds <see cref="ConvLeakyFeatureSide"/>; 32 channels, then
    /// twice the last, up to <see cref="ConvLeakyMaxChannels"/>. A 28×28 image gives the two layers 32 and 64
    /// to a 7×7 map; a 64×64 image three, 32, 64 and 128, to 8×8. The decoder mirrors them.
    /// </summary>
    internal static IReadOnlyList<ConvolutionStep> AdaptiveConvolutions(ImageShape input)
    {
        var steps = new List<ConvolutionStep>();
        var (c, h, w) = (input.Channels, input.Height, input.Width);
        do
        {
            int next = steps.Count == 0 ? 32 : Math.Min(2 * c, ConvLeakyMaxChannels);
            steps.Add(new ConvolutionStep(c, h, w, next, (h + 1) / 2, (w + 1) / 2));
            (c, h, w) = (next, (h + 1) / 2, (w + 1) / 2);
        } while (Math.Max(h, w) > ConvLeakyFeatureSide);
        return steps;
    }

    private static ArchitectureSpec ConvDeepModel(string name, ImageShape input, ModelKind kind, int d)
    {
        var leaky = LeakyRelu(KerasLeakySlope);
        return new(
            name,
            input,
            kind,
            d,
            128,
            [
                Conv2d(input.Channels, 32, 5, 1, 2),
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
                Conv2d(32, input.Channels, 5, 1, 2),
            ]
        );
    }
}

/// <summary>One stride-2 convolution of <see cref="Presets.ConvLeaky"/>: its input and output channels and sides.</summary>
internal sealed record ConvolutionStep(int InChannels, int InHeight, int InWidth, int OutChannels, int OutHeight, int OutWidth)
{
    /// <summary>Values in the output feature map, C · H · W.</summary>
    public int Features => OutChannels * OutHeight * OutWidth;
}
