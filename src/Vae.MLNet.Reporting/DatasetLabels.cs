using System.Globalization;
using System.Security.Cryptography;
using Vae.MLNet.Data;

namespace Vae.MLNet.Reporting;

/// <summary>Display names of class labels for the datasets this product knows, recognised from the data itself.</summary>
public static class DatasetLabels
{
    /// <summary>Fashion-MNIST's ten classes, by label 0–9 (Xiao et al. 2017).</summary>
    public static IReadOnlyList<string> FashionMnist { get; } =
    ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    // SHA-256 of Fashion-MNIST's 10,000 test labels, one byte each in file order (t10k-labels-idx1-ubyte
    // without its 8-byte header): the split identifies itself wherever it is stored, gzip or not.
    private const string FashionMnistTestLabelsSha256 = "3d0e6c6ea990b53b6f8f500a41cac93881d981b315f84578b7d915342ade01e9";

    /// <summary>
    /// The namer for a dataset, from its whole test split: the class folders' names for a folder of images;
    /// Fashion-MNIST's class names when its labels are
    /// Fashion-MNIST's test labels; the letters A–Y for Sign-Language-MNIST, read from CSV (label i is the
    /// i-th letter; 9 = J and 25 = Z need motion and do not occur); otherwise the label itself (MNIST digits).
    /// </summary>
    /// <param name="test">The dataset's whole test split, as loaded (its <see cref="ImageDataset.Source"/> names the file).</param>
    public static Func<int, string> For(ImageDataset test)
    {
        if (test.ClassNames is { } names)
            return label => label >= 0 && label < names.Count ? names[label] : Number(label);
        if (IsFashionMnist(test.Labels))
            return label => label >= 0 && label < FashionMnist.Count ? FashionMnist[label] : Number(label);
        if (test.Source.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            return label => label is >= 0 and < 26 ? ((char)('A' + label)).ToString() : Number(label);
        return Number;
    }

    private static bool IsFashionMnist(int[] labels) =>
        labels.Length == 10_000
        && labels.All(l => l is >= 0 and <= 9)
        && Convert.ToHexStringLower(SHA256.HashData(labels.Select(l => (byte)l).ToArray())) == FashionMnistTestLabelsSha256;

    private static string Number(int label) => label.ToString(CultureInfo.InvariantCulture);
}
