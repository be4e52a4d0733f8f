using System.Text;
using Vae.MLNet.Data;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Data.Tests;

public class CsvImageReaderTests
{
    private static readonly string Header = "label," + string.Join(',', Enumerable.Range(1, 784).Select(i => $"pixel{i}"));

    [Fact]
    public void RealImagesRoundTripThroughSignLanguageCsv()
    {
        var idx = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Test, maxCount: 20);
        var dir = TestPaths.NewTempDirectory();
        var train = Path.Combine(dir, "sign_mnist_train.csv");
        WriteCsv(train, idx);
        WriteCsv(Path.Combine(dir, "sign_mnist_test.csv"), idx.Take(5));

        var fromCsv = DatasetLoader.Load(train, DataSplit.Train);
        var testFromCsv = DatasetLoader.Load(train, DataSplit.Test);

        Assert.Equal(idx.Labels, fromCsv.Labels);
        Assert.Equal(idx.Pixels, fromCsv.Pixels);
        Assert.Equal(5, testFromCsv.Count);
    }

    [Theory]
    [InlineData("3,12", "line 2 has 2 fields; expected 785")]
    [InlineData("3,abc", "line 2, column 'pixel1': 'abc' is not an integer")]
    [InlineData("3,256", "line 2, column 'pixel1': 256 is outside 0–255")]
    [InlineData("-1,0", "line 2, column 'label': -1 is outside")]
    public void BadRowsNameLineAndColumn(string firstFields, string expected)
    {
        var path = WriteRows(firstFields);
        var e = Assert.Throws<DataFormatException>(() => CsvImageReader.Read(path));
        Assert.StartsWith(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void WrongHeaderAndEmptyFilesAreRejected()
    {
        var dir = TestPaths.NewTempDirectory();
        var badHeader = Path.Combine(dir, "a.csv");
        File.WriteAllText(badHeader, "x,y\n1,2\n");
        Assert.Contains("expected 'label,pixel1,…,pixel784'", Assert.Throws<DataFormatException>(() => CsvImageReader.Read(badHeader)).Message);

        var empty = Path.Combine(dir, "b.csv");
        File.WriteAllText(empty, "");
        Assert.Contains("file is empty", Assert.Throws<DataFormatException>(() => CsvImageReader.Read(empty)).Message);

        var headerOnly = Path.Combine(dir, "c.csv");
        File.WriteAllText(headerOnly, Header + "\n");
        Assert.Contains("no image rows", Assert.Throws<DataFormatException>(() => CsvImageReader.Read(headerOnly)).Message);
    }

    [Fact]
    public void MissingTestSplitIsNamed()
    {
        var path = WriteRows("1," + string.Join(',', Enumerable.Repeat("0", 783)), name: "letters_train.csv");
        var e = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(path, DataSplit.Test));
        Assert.Contains("letters_test.csv", e.Message);
        Assert.Contains("test split not found", e.Message);
    }

    private static string WriteRows(string firstFields, string name = "x.csv")
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), name);
        // Pad the row to 785 fields unless the case is about the field count.
        var fields = firstFields.Split(',').Length;
        var row = fields == 2 && firstFields == "3,12" ? firstFields : firstFields + "," + string.Join(',', Enumerable.Repeat("0", 785 - fields));
        File.WriteAllText(path, Header + "\n" + row + "\n");
        return path;
    }

    private static void WriteCsv(string path, ImageDataset data)
    {
        var text = new StringBuilder(Header).Append('\n');
        for (int i = 0; i < data.Count; i++)
        {
            text.Append(data.Labels[i]);
            foreach (var p in data.Image(i).ToArray()) text.Append(',').Append((int)MathF.Round(p * 255));
            text.Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }
}
