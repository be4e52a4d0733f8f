namespace Vae.MLNet.Models.Tests;

public class ImageShapeTests
{
    [Fact]
    public void AShapeKnowsItsSizeLayoutAndName()
    {
        var shape = new ImageShape(3, 36, 52);
        Assert.Equal(3 * 36 * 52, shape.Size);
        Assert.Equal([5L, 3, 36, 52], shape.Nchw(5));
        Assert.Equal("3×36×52", shape.ToString());
        Assert.Equal("36×52 RGB", shape.Describe());
        Assert.Equal(784, ImageShape.Mnist.Size);
        Assert.Equal("28×28 grayscale", ImageShape.Mnist.Describe());
    }

    [Theory]
    [InlineData(2, 28, 28, "channels")]
    [InlineData(0, 28, 28, "channels")]
    [InlineData(1, 0, 28, "height")]
    [InlineData(3, 28, ImageShape.MaxSide + 1, "width")]
    public void AnImpossibleShapeIsRefusedNamingTheArgument(int channels, int height, int width, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ImageShape(channels, height, width));
        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void TheSpecTextRecordsTheShapeAndOlderTextsMeanTwentyEightByTwentyEightGray()
    {
        var spec = Presets.Create(Presets.ConvLeaky, ModelKind.Variational, 4, new ImageShape(3, 36, 50));
        string text = spec.ToText();
        Assert.Contains("\ninput 3 36 50\n", text);
        Assert.Equal(new ImageShape(3, 36, 50), ArchitectureSpec.InputOf(text));

        string older = string.Join(
            '\n',
            Presets.Create(Presets.Conv, ModelKind.Variational, 4).ToText().Split('\n').Where(l => !l.StartsWith("input "))
        );
        Assert.Equal(ImageShape.Mnist, ArchitectureSpec.InputOf(older));
        Assert.True(Presets.Create(Presets.Conv, ModelKind.Variational, 4).Matches(older));
        Assert.False(spec.Matches(older));
        var e = Assert.Throws<FormatException>(() => ArchitectureSpec.InputOf("# preset x\ninput 2 28\n"));
        Assert.Contains("'input 2 28': expected 'input C H W'", e.Message);
    }
}
