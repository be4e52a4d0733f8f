using Google.Protobuf;
using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Onnx;

namespace Vae.MLNet.Tests;

/// <summary>
/// Models written by the ONNX writer from seeded weights, for tests below the engine (the ONNX writer,
/// scoring, the featurizer): no libtorch is loaded. Weights and biases are uniform in ±1/√fan-in, the
/// bound of PyTorch's default initialization of Linear, Conv2d and ConvTranspose2d.
/// </summary>
internal static class SeededModels
{
    /// <summary>Every parameter the exporter reads for <paramref name="spec"/>, under its PyTorch name.</summary>
    public static ModelWeights Weights(ArchitectureSpec spec, int seed = 3)
    {
        var random = new Random(seed);
        var tensors = new List<WeightTensor>();
        float[] Draw(long n, long fanIn) =>
            Enumerable.Range(0, (int)n).Select(_ => (float)((random.NextDouble() * 2 - 1) / Math.Sqrt(fanIn))).ToArray();
        void Add(string prefix, long[] weightShape, long outputs, long fanIn)
        {
            tensors.Add(new WeightTensor($"{prefix}.weight", weightShape, Draw(weightShape.Aggregate(1L, (x, y) => x * y), fanIn)));
            tensors.Add(new WeightTensor($"{prefix}.bias", [outputs], Draw(outputs, fanIn)));
        }
        void Section(string name, IReadOnlyList<LayerSpec> layers)
        {
            for (int i = 0; i < layers.Count; i++)
            {
                long A(int k) => (long)layers[i].Args[k];
                switch (layers[i].Op) // args: in, out, kernel, …
                {
                    case "linear":
                        Add($"{name}.{i}", [A(1), A(0)], A(1), A(0));
                        break;
                    case "conv2d":
                        Add($"{name}.{i}", [A(1), A(0), A(2), A(2)], A(1), A(0) * A(2) * A(2));
                        break;
                    // ConvTranspose2d keeps its weight as [in, out, k, k]; PyTorch's fan-in is its dimension 1.
                    case "convt2d":
                        Add($"{name}.{i}", [A(0), A(1), A(2), A(2)], A(1), A(1) * A(2) * A(2));
                        break;
                }
            }
        }
        Section("encoder", spec.Encoder);
        Add("mu", [spec.LatentSize, spec.HeadFeatures], spec.LatentSize, spec.HeadFeatures);
        if (spec.Kind == ModelKind.Variational)
            Add("log_var", [spec.LatentSize, spec.HeadFeatures], spec.LatentSize, spec.HeadFeatures);
        Section("decoder", spec.Decoder);
        return new ModelWeights(tensors);
    }

    /// <summary>The serialized encoder and decoder of <paramref name="spec"/> with seeded weights.</summary>
    public static (byte[] Encoder, byte[] Decoder) Export(ArchitectureSpec spec, int seed = 3) => Export(spec, Weights(spec, seed));

    /// <summary>The serialized encoder and decoder of <paramref name="spec"/> with the given weights (metadata: the preset only).</summary>
    public static (byte[] Encoder, byte[] Decoder) Export(ArchitectureSpec spec, ModelWeights weights)
    {
        var metadata = new Dictionary<string, string> { [OnnxContract.Metadata.Preset] = spec.Preset };
        return (OnnxExporter.Encoder(spec, weights, metadata), OnnxExporter.Decoder(spec, weights, metadata));
    }

    /// <summary>The serialized encoder and decoder of a preset with seeded weights.</summary>
    public static (byte[] Encoder, byte[] Decoder) Export(string preset, ModelKind kind, int latent = 5, int seed = 3) =>
        Export(Presets.Create(preset, kind, latent), seed);

    /// <summary>The first <paramref name="count"/> Fashion-MNIST test images, [count, 1, 28, 28] in [0, 1].</summary>
    public static float[] RealImages(int count) => FashionMnistData.Split(test: true, count).Pixels;

    /// <summary>
    /// Real images of any shape: Fashion-MNIST test images resized (nearest neighbour) to H×W, channel k of image i being
    /// the real image 3i + k, so the channels differ as a photo's do.
    /// </summary>
    public static float[] RealImages(int count, ImageShape shape)
    {
        var source = RealImages(count * shape.Channels);
        var (c, h, w) = (shape.Channels, shape.Height, shape.Width);
        var images = new float[count * shape.Size];
        for (int i = 0; i < count; i++)
        for (int k = 0; k < c; k++)
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            images[((i * c + k) * h + y) * w + x] = source[(i * c + k) * 784 + (y * 28 / h) * 28 + x * 28 / w];
        return images;
    }
}
