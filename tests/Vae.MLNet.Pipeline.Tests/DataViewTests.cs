using Vae.MLNet.Data;
using Vae.MLNet.Pipeline.Data;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Pipeline.Tests;

/// <summary>Loading, cursors, slicing and conversion of data views, on real Fashion-MNIST files.</summary>
public class DataViewTests
{
    private readonly VaeMLContext _ml = new(seed: 1);

    [Fact]
    public void IdxViewHoldsTheImagesTheLoaderReads()
    {
        var view = _ml.Data.LoadImages(TestPaths.FashionMnist, DataSplit.Test);
        Assert.Equal(10_000, view.GetRowCount());
        Assert.Equal("Label: Int32, Image: Vector<Single, 784>", view.Schema.ToString());
        var rows = _ml.Data.CreateEnumerable<ImageRow>(_ml.Data.TakeRows(view, 300)).ToList();
        var expected = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Test, 300);
        Assert.Equal(expected.Labels, rows.Select(r => r.Label));
        Assert.Equal(expected.Pixels, rows.SelectMany(r => r.Image));
    }

    [Fact]
    public void CursorGettersReadRowsInOrder()
    {
        var view = _ml.Data.TakeRows(_ml.Data.LoadImages(TestPaths.FashionMnist, DataSplit.Test), 600);
        var expected = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Test, 600);
        using var cursor = view.GetRowCursor(view.Schema);
        var label = cursor.GetGetter<int>(view.Schema["Label"]);
        var image = cursor.GetGetter<VBuffer<float>>(view.Schema["Image"]);
        int l = 0;
        VBuffer<float> pixels = default;
        while (cursor.MoveNext())
        {
            int i = (int)cursor.Position;
            label(ref l);
            image(ref pixels);
            Assert.Equal(expected.Labels[i], l);
            Assert.True(expected.Image(i).SequenceEqual(pixels.GetValues()), $"row {i}");
        }
        Assert.Equal(599, cursor.Position);
        var wrong = Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<float>(view.Schema["Label"]));
        Assert.Contains("'Label' is Int32", wrong.Message);
    }

    [Fact]
    public void SkipAndTakeSelectRowsAcrossBatches()
    {
        var view = _ml.Data.LoadImages(TestPaths.FashionMnist, DataSplit.Test);
        var slice = _ml.Data.TakeRows(_ml.Data.SkipRows(view, 250), 300); // spans the 256-row batch boundary
        var labels = _ml.Data.CreateEnumerable<ImageRow>(slice).Select(r => r.Label).ToArray();
        var expected = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Test, 550).Labels[250..];
        Assert.Equal(expected, labels);
        Assert.Equal(300, slice.GetRowCount());
    }

    [Fact]
    public void CsvViewIsLazyAndNamesTheBadLine()
    {
        string path = Path.Combine(TestPaths.NewTempDirectory(), "sign_mnist_train.csv");
        string Row(int label, int pixel) => label + "," + string.Join(",", Enumerable.Repeat(pixel, 784));
        string header = "label," + string.Join(",", Enumerable.Range(1, 784).Select(i => "pixel" + i));
        File.WriteAllLines(path, [header, Row(3, 255), Row(5, 0)]);
        var rows = _ml.Data.CreateEnumerable<ImageRow>(_ml.Data.LoadFromCsv(path)).ToList();
        Assert.Equal([3, 5], rows.Select(r => r.Label));
        Assert.All(rows[0].Image, v => Assert.Equal(1f, v));
        Assert.All(rows[1].Image, v => Assert.Equal(0f, v));

        File.AppendAllLines(path, [Row(7, 300)]);
        var view = _ml.Data.LoadFromCsv(path); // rows are checked when read, not now
        var error = Assert.Throws<DataFormatException>(() => _ml.Data.CreateEnumerable<ImageRow>(view).ToList());
        Assert.Contains("line 4, column 'pixel1': 300 is outside 0–255", error.Message);
        Assert.Throws<DataFormatException>(() => _ml.Data.LoadFromCsv(path + ".missing"));
    }

    [Fact]
    public void EnumerableRoundTripsAndIsReadLazily()
    {
        var rows = new CountingSequence<PointRow>(Blobs.Make(700, seed: 2));
        var view = _ml.Data.LoadFromEnumerable(rows);
        Assert.Equal("Label: Int32, Features: Vector<Single, 3>, Weight: Single", view.Schema.ToString());
        Assert.Equal(0, rows.Enumerations);
        var back = _ml.Data.CreateEnumerable<PointRow>(view).ToList();
        Assert.Equal(1, rows.Enumerations);
        Assert.Equal(Blobs.Make(700, 2).Select(r => (r.Class, r.Weight, string.Join(",", r.Features))), back.Select(r => (r.Class, r.Weight, string.Join(",", r.Features))));
        var cached = _ml.Data.Cache(view);
        Assert.Equal(2, rows.Enumerations);
        Assert.Equal(back.Select(r => r.Weight), _ml.Data.CreateEnumerable<PointRow>(cached).Select(r => r.Weight));
        Assert.Equal(2, rows.Enumerations);
        var labelsOnly = _ml.Data.Cache(view, "Label", "Weight");
        Assert.Equal("Label: Int32, Weight: Single", labelsOnly.Schema.ToString());
        Assert.Equal(back.Select(r => r.Class), RowBatches.ReadInts(labelsOnly, "Label", "t"));
        Assert.Contains("column 'Image' not found", Assert.Throws<SchemaMismatchException>(() => _ml.Data.Cache(view, "Image")).Message);
    }

    [Fact]
    public void UnsupportedMembersAndMissingColumnsAreNamed()
    {
        var noSize = Assert.Throws<ArgumentException>(() => _ml.Data.LoadFromEnumerable(new[] { new NoSize() }));
        Assert.Contains("NoSize.Values is float[] without [VectorType(size)]", noSize.Message);
        var wrongType = Assert.Throws<ArgumentException>(() => _ml.Data.LoadFromEnumerable(new[] { new WithDouble() }));
        Assert.Contains("WithDouble.Value is Double", wrongType.Message);
        var view = _ml.Data.LoadImages(TestPaths.FashionMnist, DataSplit.Test);
        var missing = Assert.Throws<SchemaMismatchException>(() => _ml.Data.CreateEnumerable<PointRow>(view));
        Assert.Contains("column 'Features' not found", missing.Message);
        var shortVector = _ml.Data.LoadFromEnumerable(new[] { new PointRow { Features = [1, 2] } });
        Assert.Contains("has 2 values; [VectorType(3)] needs 3", Assert.Throws<InvalidDataException>(() => _ml.Data.Cache(shortVector)).Message);
    }

    public sealed class NoSize
    {
        public float[] Values = [];
    }

    public sealed class WithDouble
    {
        public double Value;
    }
}
