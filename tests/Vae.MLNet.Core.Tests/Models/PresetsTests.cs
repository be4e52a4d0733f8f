using Vae.MLNet.Models;

namespace Vae.MLNet.Models.Tests;

public class PresetsTests
{
    [Fact]
    public void ConvPresetIsTheKerasExamplesArchitectureInSpecText()
    {
        var text = Presets.Create(Presets.Conv, ModelKind.Variational, 2).ToText();
        Assert.Equal(
            """
            # preset conv
            input 1 28 28
            variational 1
            latent 2
            head 16
            encoder conv2d 1 32 3 2 1
            encoder relu
            encoder conv2d 32 64 3 2 1
            encoder relu
            encoder flatten
            encoder linear 3136 16
            encoder relu
            decoder linear 2 3136
            decoder relu
            decoder unflatten 64 7 7
            decoder convt2d 64 64 3 2 1 1
            decoder relu
            decoder convt2d 64 32 3 2 1 1
            decoder relu
            decoder convt2d 32 1 3 1 1 0

            """.Replace("\r\n", "\n"), text);
    }

    [Fact]
    public void TheDefaultPresetIsLeakyEverywhereWithA256UnitHead()
    {
        var spec = Presets.Create(Presets.ConvLeaky, ModelKind.Variational, 10);
        Assert.Equal(256, spec.HeadFeatures);
        var activations = spec.Encoder.Concat(spec.Decoder).Where(l => l.Op is "relu" or "leakyrelu").ToList();
        Assert.Equal(6, activations.Count);
        Assert.All(activations, a => Assert.Equal("leakyrelu 0.01", a.ToString())); // PyTorch's default slope; no unit can die
        Assert.Equal(["linear 10 256", "leakyrelu 0.01", "linear 256 3136", "leakyrelu 0.01", "unflatten 64 7 7",
                      "convt2d 64 32 3 2 1 1", "leakyrelu 0.01", "convt2d 32 1 3 2 1 1"], spec.Decoder.Select(l => l.ToString()));
    }

    [Fact]
    public void AutoencoderSpecSaysSoAndLeakySlopeIsKerasDefault()
    {
        var text = Presets.Create(Presets.DenseSmall, ModelKind.Autoencoder, 10).ToText();
        Assert.Contains("variational 0\n", text);
        Assert.Contains("encoder leakyrelu 0.3\n", text);
    }

    [Fact]
    public void UnknownPresetListsTheValidOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => Presets.Create("resnet", ModelKind.Variational, 2));
        Assert.StartsWith("Unknown preset 'resnet'. Valid presets: conv-leaky, dense, dense-small, conv, conv-pool, conv-deep.", e.Message);
    }

    [Fact]
    public void LatentSizeMustBePositive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Presets.Create(Presets.Dense, ModelKind.Variational, 0));
}
