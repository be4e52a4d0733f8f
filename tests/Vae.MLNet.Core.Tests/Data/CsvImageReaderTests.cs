using System.Text;
using Vae.MLNet.Data;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Data.Tests;

public class CsvImageReaderTests
{
    private static readonly string Header = SignLanguageCsv.Header;

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

    private static string WriteRows(string firstFields, string name = "x.csv") => SignLanguageCsv.WriteRows(firstFields, name);
}
