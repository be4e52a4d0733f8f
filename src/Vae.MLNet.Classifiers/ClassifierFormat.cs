namespace Vae.MLNet.Classifiers;

/// <summary>
/// The binary layout classifiers save themselves in (little-endian, via BinaryWriter): a header
/// "Vae.MLNet.&lt;Type&gt;" and version 1, the class labels, then the type's own arrays.
/// </summary>
internal static class ClassifierFormat
{
    public static BinaryWriter Begin(Stream stream, string type, IReadOnlyList<int> classes)
    {
        var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write("Vae.MLNet." + type);
        w.Write(1);
        WriteInts(w, classes);
        return w;
    }

    /// <exception cref="InvalidDataException">The stream holds another type or version.</exception>
    public static (BinaryReader Reader, int[] Classes) Open(Stream stream, string type)
    {
        var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        string header;
        int version;
        try
        {
            (header, version) = (r.ReadString(), r.ReadInt32());
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"the stream ends before a {type} header.");
        }
        if (header != "Vae.MLNet." + type || version != 1)
            throw new InvalidDataException($"expected a saved {type} (version 1); found '{header}' version {version}.");
        return (r, ReadInts(r));
    }

    public static void WriteInts(BinaryWriter w, IReadOnlyList<int> values)
    {
        w.Write(values.Count);
        foreach (var v in values) w.Write(v);
    }

    public static int[] ReadInts(BinaryReader r) => Enumerable.Range(0, Count(r)).Select(_ => r.ReadInt32()).ToArray();

    public static void WriteFloats(BinaryWriter w, ReadOnlySpan<float> values)
    {
        w.Write(values.Length);
        foreach (var v in values) w.Write(v);
    }

    public static float[] ReadFloats(BinaryReader r) => Enumerable.Range(0, Count(r)).Select(_ => r.ReadSingle()).ToArray();

    public static void WriteDoubles(BinaryWriter w, ReadOnlySpan<double> values)
    {
        w.Write(values.Length);
        foreach (var v in values) w.Write(v);
    }

    public static double[] ReadDoubles(BinaryReader r) => Enumerable.Range(0, Count(r)).Select(_ => r.ReadDouble()).ToArray();

    private static int Count(BinaryReader r)
    {
        int n = r.ReadInt32();
        return n >= 0 ? n : throw new InvalidDataException($"negative array length {n}.");
    }
}
