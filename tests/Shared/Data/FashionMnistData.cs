using Vae.MLNet.Data;

namespace Vae.MLNet.Tests;

/// <summary>Slices of the real data, read with the IDX reader alone (no dataset loader).</summary>
internal static class FashionMnistData
{
    /// <summary>The first <paramref name="count"/> images (or all) of Fashion-MNIST's training or test split, read with the
    /// IDX reader alone.</summary>
    public static ImageDataset Split(bool test, int? count = null)
    {
        string prefix = test ? "t10k" : "train";
        return IdxReader.Read(
            Path.Combine(TestPaths.FashionMnist, $"{prefix}-images-idx3-ubyte.gz"),
            Path.Combine(TestPaths.FashionMnist, $"{prefix}-labels-idx1-ubyte.gz"),
            count
        );
    }

}
