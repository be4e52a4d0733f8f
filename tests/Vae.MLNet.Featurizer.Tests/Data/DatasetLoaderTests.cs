using Vae.MLNet.Tests;

namespace Vae.MLNet.Data.Loading.Tests;

/// <summary>Finding a dataset's splits from its location: CSV beside CSV (folders of images: ImageFolderTests).</summary>
public class DatasetLoaderTests
{
    [Fact]
    public void RealImagesRoundTripThroughSignLanguageCsv()
    {
        var idx = FashionMnistData.Split(test: true, 20);
        var dir = TestPaths.NewTempDirectory();
        var train = Path.Combine(dir, "sign_mnist_train.csv");
        SignLanguageCsv.Write(train, idx);
        SignLanguageCsv.Write(Path.Combine(dir, "sign_mnist_test.csv"), idx.Take(5));

        var fromCsv = DatasetLoader.Load(train, DataSplit.Train);
        var testFromCsv = DatasetLoader.Load(train, DataSplit.Test);

        Assert.Equal(idx.Labels, fromCsv.Labels);
        Assert.Equal(idx.Pixels, fromCsv.Pixels);
        Assert.Equal(5, testFromCsv.Count);
    }

    [Fact]
    public void MissingTestSplitIsNamed()
    {
        var path = SignLanguageCsv.WriteRows("1," + string.Join(',', Enumerable.Repeat("0", 783)), name: "letters_train.csv");
        var e = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(path, DataSplit.Test));
        Assert.Contains("letters_test.csv", e.Message);
        Assert.Contains("test split not found", e.Message);
    }

}
