using Vae.MLNet.Scoring;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Scoring.Tests;

public class LatentFileTests
{
    [Theory]
    [InlineData(LatentFormat.Csv, "z.csv")]
    [InlineData(LatentFormat.Binary, "z.bin")]
    public void RowsRoundTripExactly(LatentFormat format, string name)
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), name);
        float[] mu = [0.1f, -2.5e-7f, 3.4028235e38f, 1f / 3], logVar = [-1, -2, -3, -4];
        using (var writer = new LatentFileWriter(path, format, latentSize: 2, withLogVar: true))
        {
            writer.Write([7], mu.AsSpan(0, 2), logVar.AsSpan(0, 2));
            writer.Write([3], mu.AsSpan(2, 2), logVar.AsSpan(2, 2));
            writer.Complete();
        }
        var read = LatentFileReader.Read(path);
        Assert.Equal([7, 3], read.Labels);
        Assert.Equal(mu, read.Mu);
        Assert.Equal(logVar, read.LogVar);
    }

    [Fact]
    public void BinaryHeaderIsAsDocumented()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "z.bin");
        using (var writer = new LatentFileWriter(path, LatentFormat.Binary, latentSize: 3, withLogVar: false))
        {
            writer.Write([1, 2], new float[6], default);
            writer.Complete();
        }
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("VAEZ"u8.ToArray(), bytes[..4]);
        Assert.Equal([1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0], bytes[4..24]);
        Assert.Equal(24 + 2 * (4 + 12), bytes.Length);
        Assert.Null(LatentFileReader.Read(path).LogVar);
    }

    [Fact]
    public void AnUnfinishedWriteLeavesNothingBehind()
    {
        var dir = TestPaths.NewTempDirectory();
        using (var writer = new LatentFileWriter(Path.Combine(dir, "z.csv"), LatentFormat.Csv, 2, false))
            writer.Write([1], [1, 2], default); // no Complete(): as when encoding fails midway
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void MalformedFilesAreNamed()
    {
        var dir = TestPaths.NewTempDirectory();
        var csv = Path.Combine(dir, "bad.csv");
        File.WriteAllText(csv, "label,mu_1,mu_2\n1,0.5,abc\n");
        var e = Assert.Throws<InvalidDataException>(() => LatentFileReader.Read(csv));
        Assert.Equal($"{csv}: line 2, column 'mu_2': 'abc' is not a number.", e.Message);

        var bin = Path.Combine(dir, "short.bin");
        File.WriteAllBytes(bin, [.. "VAEZ"u8.ToArray(), 1, 0, 0, 0]);
        Assert.Contains("header truncated", Assert.Throws<InvalidDataException>(() => LatentFileReader.Read(bin)).Message);
    }
}
