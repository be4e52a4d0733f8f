using Vae.MLNet.Models;
using Vae.MLNet.Imaging;

namespace Vae.MLNet.Imaging.Tests;

public class ImageGridTests
{
    [Fact]
    public void TilesAreLaidOutRowByRowWithPadding()
    {
        // Three 2×2 tiles with values 0.0, 0.5 and 1.0, two per row, padding 1.
        float[] tiles = [0, 0, 0, 0, .5f, .5f, .5f, .5f, 1, 1, 1, 1];
        var (w, h, pixels) = ImageGrid.Compose(tiles, new ImageShape(1, 2, 2), columns: 2, padding: 1);

        Assert.Equal((7, 7), (w, h));
        Assert.Equal(0, pixels[1 * w + 1]);     // tile 0 at (1, 1)
        Assert.Equal(128, pixels[1 * w + 4]);   // tile 1 at (4, 1)
        Assert.Equal(255, pixels[4 * w + 1]);   // tile 2 at (1, 4)
        Assert.Equal(48, pixels[0]);            // background
        Assert.Equal(48, pixels[4 * w + 4]);    // the empty fourth slot
    }

    [Theory]
    [InlineData(-0.5f, 0)]
    [InlineData(1.7f, 255)]
    [InlineData(0.2f, 51)]
    public void ValuesAreClampedAndRounded(float value, byte expected) => Assert.Equal(expected, ImageGrid.ToByte(value));

    [Fact]
    public void OriginalsAndReconstructionsAlternateByRows()
    {
        // Three 1-pixel tiles, two per row: originals 1–3, reconstructions 4–6; the short row is padded with 0.
        var tiles = ImageGrid.InterleaveRows([1f, 2f, 3f], [4f, 5f, 6f], tile: 1, columns: 2);
        Assert.Equal([1f, 2f, 4f, 5f, 3f, 0f, 6f, 0f], tiles);
    }
}
