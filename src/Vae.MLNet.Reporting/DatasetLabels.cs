namespace Vae.MLNet.Reporting;

/// <summary>Display names of class labels for the datasets this product knows.</summary>
public static class DatasetLabels
{
    /// <summary>Fashion-MNIST's ten classes, by label 0–9 (Xiao et al. 2017).</summary>
    public static IReadOnlyList<string> FashionMnist { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// The namer for a dataset location (as <c>--data</c> takes it): Fashion-MNIST class names when the
    /// path names Fashion-MNIST; the letters A–Y for a Sign-Language-MNIST CSV (label i is the i-th
    /// letter; 9 = J and 25 = Z need motion and do not occur); otherwise the label itself (MNIST digits).
    /// </summary>
    public static Func<int, string> For(string dataLocation)
    {
        if (dataLocation.Contains("fashion", StringComparison.OrdinalIgnoreCase))
            return label => label >= 0 && label < FashionMnist.Count ? FashionMnist[label] : label.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (dataLocation.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            return label => label is >= 0 and < 26 ? ((char)('A' + label)).ToString() : label.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return label => label.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
