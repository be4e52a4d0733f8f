using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Cli.Tests;

/// <summary>
/// Crafted bad inputs, written once into a temporary folder: IDX datasets broken in one way each
/// (magic, dimensions, counts, truncation, trailing bytes, gzip damage, empty, missing), Sign-Language
/// CSVs (header, cell, row length, range, missing test split), model folders (corrupt, wrong role,
/// missing, truncated ONNX) and latent files (random, NaN, huge, wrong size, bad cell, truncated).
/// Each bad input is built from a good one made of real Fashion-MNIST images.
/// </summary>
public sealed class BadInputCorpus
{
    private const int Images = 300;
    private readonly byte[] _pixels, _labels;

    public BadInputCorpus()
    {
        Root = TestPaths.NewTempDirectory();
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(TestPaths.FashionMnist, "t10k-images-idx3-ubyte.gz")), CompressionMode.Decompress))
            _pixels = ReadAll(gz)[16..(16 + Images * 784)];
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(TestPaths.FashionMnist, "t10k-labels-idx1-ubyte.gz")), CompressionMode.Decompress))
            _labels = ReadAll(gz)[8..(8 + Images)];
        WriteIdxSets();
        WriteCsvSets();
        WriteLatentFiles();
        File.WriteAllBytes(Path.Combine(Root, "image.png"), [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]);
        File.WriteAllText(Path.Combine(Root, "notes.zip"), "not a model");
        WriteSpecialFiles();
    }

    /// <summary>
    /// Paths that are not regular files (a symbolic-link loop, named pipes, a directory named like a CSV),
    /// kept apart from <see cref="Root"/>: reading them to take checksums would block or fail.
    /// </summary>
    public string Special { get; } = TestPaths.NewTempDirectory();

    /// <summary>The corpus folder.</summary>
    public string Root { get; }

    /// <summary>Model folders broken from a good one (written on first use, from the trained run).</summary>
    public void WriteModelFolders(string goodRun)
    {
        if (Directory.Exists(Path.Combine(Root, "onnx-corrupt"))) return;
        byte[] encoder = File.ReadAllBytes(Path.Combine(goodRun, "encoder.onnx")), decoder = File.ReadAllBytes(Path.Combine(goodRun, "decoder.onnx"));
        Model("onnx-corrupt", Encoding.UTF8.GetBytes("not a model"), decoder);
        Model("onnx-role", decoder, decoder);
        Model("onnx-missing", null, decoder);
        Model("onnx-truncated", encoder[..(encoder.Length / 2)], decoder);
        Model("onnx-mixed", encoder, Resealed(WithOtherExportId(decoder)));
        Model("onnx-damaged", WithBytes(encoder, encoder.Length / 2, 0x5A), decoder); // eight bytes of weights changed
        Model("onnx-nan", Resealed(WithBytes(encoder, encoder.Length / 2, 0xFF)), decoder); // NaN weights, checksum matching
        EditedRun(goodRun, "run-other-latent", "options.json", "\"latentSize\": 3", "\"latentSize\": 5"); // an ONNX pair of d = 3
        File.Delete(Path.Combine(Root, "run-other-latent", "model.spec")); // a record only: without it, options.json alone says d = 5
        foreach (var file in Directory.GetFiles(goodRun).Where(f => Path.GetFileName(f) is not ("model.spec" or "options.json" or "checkpoint.pt")))
            File.Copy(file, Path.Combine(Root, "run-other-latent", Path.GetFileName(file)));
        foreach (var name in new[] { "onnx-damaged", "onnx-nan" })
        {
            // The whole run, with that encoder: what `report` reads.
            string run = Directory.CreateDirectory(Path.Combine(Root, "run-" + name)).FullName;
            foreach (var file in Directory.GetFiles(goodRun))
                File.Copy(file, Path.Combine(run, Path.GetFileName(file)));
            File.Copy(Path.Combine(Root, name, "encoder.onnx"), Path.Combine(run, "encoder.onnx"), overwrite: true);
        }
        EditedRun(goodRun, "edited-options", "options.json", "\"latentSize\": 3", "\"latentSize\": -3");
        EditedRun(goodRun, "edited-lr-factor", "options.json", "\"lrFactor\": 0.5", "\"lrFactor\": 7");
        EditedRun(goodRun, "edited-type", "options.json", "\"beta\": 1", "\"beta\": \"one\"");
        EditedRun(goodRun, "edited-json", "options.json", "{", "{{");
        EditedRun(goodRun, "edited-spec", "model.spec", "latent 3", "latent 4");
        EditedRun(goodRun, "edited-beta", "options.json", "\"beta\": 1,", "\"beta\": 5,");
        EditedRun(goodRun, "edited-loss", "options.json", "\"loss\": \"bce\"", "\"loss\": \"mse\"");
        EditedRun(goodRun, "edited-duplicate", "options.json", "\"beta\": 1,", "\"beta\": 1, \"beta\": 5,");
        EditedRun(goodRun, "lock-dir", "options.json", "{", "{");
        Directory.CreateDirectory(Path.Combine(Root, "lock-dir", "train.lock"));
        EditedRun(goodRun, "log-dir", "options.json", "{", "{");
        Directory.CreateDirectory(Path.Combine(Root, "log-dir", "train.log"));
        EditedRun(goodRun, "damaged-checkpoint", "options.json", "{", "{"); // then four bytes of the weights changed:
        using (var checkpoint = File.OpenWrite(Path.Combine(Root, "damaged-checkpoint", "checkpoint.pt")))
        {
            checkpoint.Seek(checkpoint.Length / 2, SeekOrigin.Begin);
            checkpoint.Write([0x7F, 0x7F, 0x7F, 0x7F]);
        }
        DataInRun(goodRun);
    }

    private void WriteSpecialFiles()
    {
        File.CreateSymbolicLink(Path.Combine(Special, "loop"), Path.Combine(Special, "loop2"));
        File.CreateSymbolicLink(Path.Combine(Special, "loop2"), Path.Combine(Special, "loop"));
        MakeFifo(Path.Combine(Special, "fifo.csv"));
        Directory.CreateDirectory(Path.Combine(Special, "dir.csv"));
        string idx = Directory.CreateDirectory(Path.Combine(Special, "idx-fifo")).FullName;
        MakeFifo(Path.Combine(idx, "train-images-idx3-ubyte.gz"));
        string csv = Directory.CreateDirectory(Path.Combine(Special, "csv-test-dir")).FullName;
        File.Copy(Path.Combine(Root, "csv-good", "signs_train.csv"), Path.Combine(csv, "signs_train.csv"));
        Directory.CreateDirectory(Path.Combine(csv, "signs_test.csv"));
    }

    private static void MakeFifo(string path)
    {
        using var p = System.Diagnostics.Process.Start("mkfifo", path);
        p.WaitForExit();
    }

    // A run folder's files, one of them edited by hand.
    // A run folder where the user also keeps the dataset: --overwrite of it would delete the data it is to read.
    private void DataInRun(string goodRun)
    {
        string dir = Directory.CreateDirectory(Path.Combine(Root, "data-in-run")).FullName;
        foreach (var f in Directory.GetFiles(Path.Combine(Root, "good"))) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        File.Copy(Path.Combine(goodRun, "options.json"), Path.Combine(dir, "options.json"));
    }

    private void EditedRun(string goodRun, string name, string file, string from, string to)
    {
        string dir = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
        foreach (var f in new[] { "options.json", "model.spec", "checkpoint.pt" }) File.Copy(Path.Combine(goodRun, f), Path.Combine(dir, f));
        string path = Path.Combine(dir, file), text = File.ReadAllText(path);
        if (!text.Contains(from)) throw new InvalidOperationException($"{file} of the trained run has no '{from}' to edit");
        File.WriteAllText(path, text.Replace(from, to));
    }

    private static byte[] WithBytes(byte[] file, int at, byte value)
    {
        var copy = file.ToArray();
        copy.AsSpan(at, 12).Fill(value); // three floats at least, however the weights are aligned
        return copy;
    }

    // A model whose checksum matches its (NaN) weights: what a model that diverged, or a file damaged before it was
    // sealed, looks like.
    private static byte[] Resealed(byte[] onnx)
    {
        int at = onnx.AsSpan().LastIndexOf("vae.sha256"u8) + "vae.sha256".Length + 2;
        Encoding.ASCII.GetBytes(Vae.MLNet.Models.OnnxChecksum.Placeholder).CopyTo(onnx, at);
        return Vae.MLNet.Models.OnnxChecksum.Seal(onnx);
    }

    // The decoder with another export identifier: the pair an export killed between its two files leaves.
    private static byte[] WithOtherExportId(byte[] onnx)
    {
        var copy = onnx.ToArray();
        int at = copy.AsSpan().IndexOf("vae.export_id"u8) + "vae.export_id".Length + 2; // then field 2: tag, length, 32 hex digits
        "00000000000000000000000000000000"u8.CopyTo(copy.AsSpan(at));
        return copy;
    }

    private void Model(string name, byte[]? encoder, byte[] decoder)
    {
        string dir = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
        if (encoder is not null) File.WriteAllBytes(Path.Combine(dir, "encoder.onnx"), encoder);
        File.WriteAllBytes(Path.Combine(dir, "decoder.onnx"), decoder);
    }

    private void WriteIdxSets()
    {
        Idx("good", Images, Images, gzip: false);
        // A second name (a hard link) for the good training images: an output there would overwrite them.
        using (var ln = System.Diagnostics.Process.Start("ln", [Path.Combine(Root, "good", "train-images-idx3-ubyte"), Path.Combine(Root, "good-images-link")])!)
            ln.WaitForExit();
        Idx("magic", Images, Images, gzip: false, imagesMagic: 0x0804);
        Idx("dims32", Images, Images, gzip: false, side: 32);
        Idx("count-mismatch", Images, Images - 1, gzip: false);
        Idx("truncated", Images, Images, gzip: false, edit: b => b[..^100]);
        Idx("trailing", Images, Images, gzip: false, edit: b => [.. b, .. new byte[10]]);
        Idx("gzip-cut", Images, Images, gzip: true, edit: b => b[..(b.Length / 2)]);
        Idx("gzip-corrupt", Images, Images, gzip: true, edit: b => { var c = b.ToArray(); new Random(1).NextBytes(c.AsSpan(20, 400)); return c; });
        Idx("empty-file", Images, Images, gzip: false, edit: _ => []);
        Idx("zero", 0, 0, gzip: false);
        Idx("no-labels", Images, Images, gzip: false);
        File.Delete(Path.Combine(Root, "no-labels", "train-labels-idx1-ubyte"));
        Idx("gz-and-raw", Images, Images, gzip: false);
        File.WriteAllBytes(Path.Combine(Root, "gz-and-raw", "train-images-idx3-ubyte.gz"), Gzip(File.ReadAllBytes(Path.Combine(Root, "magic", "train-images-idx3-ubyte"))));
    }

    // A train split of `count` images (edited), and a good test split of 50.
    private void Idx(string name, int count, int labelCount, bool gzip, int imagesMagic = 0x0803, int side = 28, Func<byte[], byte[]>? edit = null)
    {
        string dir = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
        var images = Header(imagesMagic, count, side, side).Concat(_pixels[..(count * 784)]).ToArray();
        var labels = Header(0x0801, labelCount).Concat(_labels[..Math.Min(count, labelCount)]).ToArray();
        if (gzip) images = Gzip(images);
        File.WriteAllBytes(Path.Combine(dir, "train-images-idx3-ubyte" + (gzip ? ".gz" : "")), edit?.Invoke(images) ?? images);
        File.WriteAllBytes(Path.Combine(dir, "train-labels-idx1-ubyte"), labels);
        File.WriteAllBytes(Path.Combine(dir, "t10k-images-idx3-ubyte"), [.. Header(0x0803, 50, 28, 28), .. _pixels[..(50 * 784)]]);
        File.WriteAllBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte"), [.. Header(0x0801, 50), .. _labels[..50]]);
    }

    private void WriteCsvSets()
    {
        string header = "label," + string.Join(",", Enumerable.Range(1, 784).Select(i => $"pixel{i}"));
        var rows = Enumerable.Range(0, 20).Select(i => _labels[i] + "," + string.Join(",", _pixels[(i * 784)..((i + 1) * 784)])).ToArray();
        Csv("csv-good", header, rows, withTest: true);
        Csv("csv-header", "label,p1,p2", rows, withTest: true);
        var cell = rows[1].Split(',');
        cell[5] = "abc"; // line 3, pixel5
        Csv("csv-cell", header, [rows[0], string.Join(",", cell), .. rows[2..]], withTest: true);
        Csv("csv-short", header, [string.Join(",", Enumerable.Repeat("0", 10)), .. rows[1..]], withTest: true);
        Csv("csv-range", header, [rows[0], "1," + string.Join(",", Enumerable.Repeat("300", 784)), .. rows[2..]], withTest: true);
        Csv("csv-no-test", header, rows, withTest: false);
        Csv("csv-permuted", header.Replace("pixel1,pixel2,", "pixel2,pixel1,"), rows, withTest: true);
    }

    private void Csv(string name, string header, string[] rows, bool withTest)
    {
        string dir = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
        File.WriteAllLines(Path.Combine(dir, "signs_train.csv"), [header, .. rows]);
        if (withTest) File.WriteAllLines(Path.Combine(dir, "signs_test.csv"), [header, .. rows]);
    }

    private void WriteLatentFiles()
    {
        string dir = Directory.CreateDirectory(Path.Combine(Root, "latents")).FullName;
        var random = new byte[3000];
        new Random(2).NextBytes(random);
        File.WriteAllBytes(Path.Combine(dir, "random.bin"), random);
        string header = "label,mu_1,mu_2,mu_3";
        File.WriteAllLines(Path.Combine(dir, "ok.csv"), [header, "0,0.1,-0.2,0.3"]);
        File.WriteAllLines(Path.Combine(dir, "nan.csv"), [header, "0,0.1,NaN,0.3"]);
        File.WriteAllLines(Path.Combine(dir, "huge.csv"), [header, "0,0.1,0.2,0.3", "1,1e30,0,0"]);
        File.WriteAllLines(Path.Combine(dir, "wrong-size.csv"), ["label,mu_1,mu_2", "0,0.1,0.2"]);
        File.WriteAllLines(Path.Combine(dir, "cell.csv"), [header, "0,0.1,zero,0.3"]);
        var bin = new byte[24 + 2 * (4 + 12)]; // claims 10 rows of d = 3, holds 2
        "VAEZ"u8.CopyTo(bin);
        BinaryPrimitives.WriteInt32LittleEndian(bin.AsSpan(4), 1);
        BinaryPrimitives.WriteInt32LittleEndian(bin.AsSpan(8), 3);
        BinaryPrimitives.WriteInt64LittleEndian(bin.AsSpan(16), 10);
        File.WriteAllBytes(Path.Combine(dir, "truncated.bin"), bin);
        BinaryPrimitives.WriteInt64LittleEndian(bin.AsSpan(16), -5);
        File.WriteAllBytes(Path.Combine(dir, "negative-count.bin"), bin);
        BinaryPrimitives.WriteInt64LittleEndian(bin.AsSpan(16), long.MaxValue / 8);
        File.WriteAllBytes(Path.Combine(dir, "overflowing-count.bin"), bin);
    }

    private static byte[] Header(int magic, params int[] sizes)
    {
        var h = new byte[4 + 4 * sizes.Length];
        BinaryPrimitives.WriteInt32BigEndian(h, magic);
        for (int i = 0; i < sizes.Length; i++) BinaryPrimitives.WriteInt32BigEndian(h.AsSpan(4 + 4 * i), sizes[i]);
        return h;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest)) gz.Write(bytes);
        return buffer.ToArray();
    }

    private static byte[] ReadAll(Stream s)
    {
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }
}
