namespace Vae.MLNet.Models.Tests;

/// <summary>The presets for shapes other than 28×28 grayscale, checked by propagating shapes through each layer with
/// PyTorch's size formulas (torch.nn.Conv2d and ConvTranspose2d documentation).</summary>
public class AdaptivePresetTests
{
    public static TheoryData<int, int, int> Shapes() =>
        new()
        {
            { 1, 28, 28 },
            { 3, 28, 28 },
            { 3, 32, 32 },
            { 3, 64, 64 },
            { 1, 36, 52 },
            { 3, 36, 50 }, // sides of different parity: the decoder pads each axis apart
            { 1, 9, 9 },
            { 3, 200, 120 },
        };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TheDefaultPresetAdaptsToAnyShapeAndItsDecoderGivesTheInputsExactSize(int c, int h, int w)
    {
        var input = new ImageShape(c, h, w);
        var spec = Presets.Create(Presets.ConvLeaky, ModelKind.Variational, 10, input);

        var (features, map) = Propagate(spec.Encoder, (c, h, w));
        Assert.Equal(spec.HeadFeatures, features);
        Assert.InRange(Math.Max(map.H, map.W), 1, Presets.ConvLeakyFeatureSide); // stopped at a small map
        Assert.True(Math.Max(map.H, map.W) > Presets.ConvLeakyFeatureSide / 2 || Math.Max(h, w) <= Presets.ConvLeakyFeatureSide);
        var (_, output) = Propagate(spec.Decoder, (0, 0, 0), features: spec.LatentSize);
        Assert.Equal((c, h, w), output);
        var convolutions = spec.Encoder.Where(l => l.Op == "conv2d").Select(l => (int)l.Args[1]).ToArray();
        Assert.Equal(32, convolutions[0]);
        for (int i = 1; i < convolutions.Length; i++)
            Assert.Equal(Math.Min(2 * convolutions[i - 1], Presets.ConvLeakyMaxChannels), convolutions[i]);
    }

    [Fact]
    public void AtTwentyEightByTwentyEightGrayTheDefaultPresetIsTheOneItWas()
    {
        string body = string.Join('\n', Presets.Create(Presets.ConvLeaky, ModelKind.Variational, 10).ToText().Split('\n').Skip(2));
        Assert.Equal(
            """
            variational 1
            latent 10
            head 256
            encoder conv2d 1 32 3 2 1
            encoder leakyrelu 0.01
            encoder conv2d 32 64 3 2 1
            encoder leakyrelu 0.01
            encoder flatten
            encoder linear 3136 256
            encoder leakyrelu 0.01
            decoder linear 10 256
            decoder leakyrelu 0.01
            decoder linear 256 3136
            decoder leakyrelu 0.01
            decoder unflatten 64 7 7
            decoder convt2d 64 32 3 2 1 1
            decoder leakyrelu 0.01
            decoder convt2d 32 1 3 2 1 1

            """,
            body
        );
    }

    [Theory]
    [InlineData(Presets.Dense)]
    [InlineData(Presets.DenseSmall)]
    public void DensePresetsTakeEveryValueOfAnImage(string preset)
    {
        var spec = Presets.Create(preset, ModelKind.Autoencoder, 4, new ImageShape(3, 36, 52));
        Assert.Equal(LayerSpec.Linear(3 * 36 * 52, spec.HeadFeatures).ToString(), spec.Encoder[1].ToString());
        Assert.Equal(LayerSpec.Unflatten(3, 36, 52).ToString(), spec.Decoder[^1].ToString());
    }

    [Theory]
    [InlineData(Presets.Conv)]
    [InlineData(Presets.ConvPool)]
    [InlineData(Presets.ConvDeep)]
    public void TheNotebooksConvolutionalPresetsTakeColourAtTheirSizeAndRefuseOtherSizes(string preset)
    {
        var colour = Presets.Create(preset, ModelKind.Variational, 4, new ImageShape(3, 28, 28));
        Assert.Equal((3, 28, 28), Propagate(colour.Decoder, (0, 0, 0), features: 4).Map);
        Assert.Equal(3, (int)colour.Encoder[0].Args[0]);

        var e = Assert.Throws<ArgumentException>(() => Presets.Create(preset, ModelKind.Variational, 4, new ImageShape(3, 32, 32)));
        Assert.Equal("input", e.ParamName);
        Assert.Contains(
            $"Preset '{preset}' is a notebook's network for 28×28 images; the images are 32×32 RGB. Use 'conv-leaky'",
            e.Message
        );
    }

    // Walks the layers from an input map (or a feature vector), checking each layer's input size.
    private static (int Features, (int C, int H, int W) Map) Propagate(
        IReadOnlyList<LayerSpec> layers,
        (int C, int H, int W) map,
        int features = 0
    )
    {
        foreach (var l in layers)
        {
            var a = l.Args.Select(v => (int)v).ToArray();
            switch (l.Op)
            {
                case "conv2d":
                    Assert.Equal(map.C, a[0]);
                    map = (a[1], (map.H + 2 * a[4] - a[2]) / a[3] + 1, (map.W + 2 * a[4] - a[2]) / a[3] + 1);
                    break;
                case "convt2d":
                    Assert.Equal(map.C, a[0]);
                    var (ph, pw) = a.Length == 7 ? (a[5], a[6]) : (a[5], a[5]);
                    map = (a[1], (map.H - 1) * a[3] - 2 * a[4] + a[2] + ph, (map.W - 1) * a[3] - 2 * a[4] + a[2] + pw);
                    break;
                case "maxpool2d":
                    map = (map.C, map.H / a[0], map.W / a[0]);
                    break;
                case "flatten":
                    features = map.C * map.H * map.W;
                    break;
                case "linear":
                    Assert.Equal(features, a[0]);
                    features = a[1];
                    break;
                case "unflatten":
                    Assert.Equal(features, a[0] * a[1] * a[2]);
                    map = (a[0], a[1], a[2]);
                    break;
            }
        }
        return (features, map);
    }
}
