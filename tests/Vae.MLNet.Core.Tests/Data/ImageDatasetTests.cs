using Vae.MLNet.Models;
using Vae.MLNet.Data;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Data.Tests;

public class ImageDatasetTests
{
    [Fact]
    public void ABytesBackedSetReadsAsTheFloatsOfTheSameFile()
    {
        var floats = FashionMnistData.Split(test: true, 50);
        var bytes = new byte[floats.Pixels.Length];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)ImageDataset.ExactByte(floats.Pixels[i]);
        var compact = ImageDataset.FromBytes(bytes, floats.Labels, floats.Source);

        var copied = new float[7 * ImageShape.Mnist.Size];
        compact.CopyImages(3, 7, copied);
        Assert.Equal(floats.Pixels.AsSpan(3 * 784, 7 * 784).ToArray(), copied);
        var selected = compact.Select([9, 2, 2]);
        Assert.True(selected.IsCompact);
        Assert.Equal(floats.Select([9, 2, 2]).Pixels, selected.Pixels); // materialized on demand
        Assert.False(selected.IsCompact);
        Assert.Equal(floats.Pixels, compact.Pixels);
    }

    [Theory]
    [InlineData(0f, 0)]
    [InlineData(1f, 255)]
    [InlineData(128f / 255f, 128)]
    [InlineData(0.5f, -1)]   // not a byte / 255
    [InlineData(1.5f, -1)]
    [InlineData(-0.0039215689f, -1)]
    public void ExactByteRecoversOnlyByteValues(float pixel, int expected) => Assert.Equal(expected, ImageDataset.ExactByte(pixel));

    [Fact]
    public void CopyImagesChecksItsDestination()
    {
        var compact = ImageDataset.FromBytes(new byte[2 * 784], [0, 1], "two images");
        var e = Assert.Throws<ArgumentException>(() => compact.CopyImages(0, 2, new float[784]));
        Assert.Contains("destination holds 784 floats; 2 images need 1568", e.Message);
        Assert.Throws<ArgumentException>(() => ImageDataset.FromBytes(new byte[783], [0], "short"));
    }
}
