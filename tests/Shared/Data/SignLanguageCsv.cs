using System.Text;
using Vae.MLNet.Data;

namespace Vae.MLNet.Tests;

/// <summary>Files in the Sign-Language-MNIST CSV layout, written from real images or from one row's first fields.</summary>
internal static class SignLanguageCsv
{
    public static readonly string Header = "label," + string.Join(',', Enumerable.Range(1, 784).Select(i => $"pixel{i}"));

    public static string WriteRows(string firstFields, string name = "x.csv")
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), name);
        // Pad the row to 785 fields unless the case is about the field count.
        var fields = firstFields.Split(',').Length;
        var row = fields == 2 && firstFields == "3,12" ? firstFields : firstFields + "," + string.Join(',', Enumerable.Repeat("0", 785 - fields));
        File.WriteAllText(path, Header + "\n" + row + "\n");
        return path;
    }

    public static void Write(string path, ImageDataset data)
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
