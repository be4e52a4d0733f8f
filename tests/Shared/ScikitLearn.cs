using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Vae.MLNet.Tests;

/// <summary>Runs numpy / scikit-learn code (Debian python3-sklearn, test-only) on our arrays, as the reference.</summary>
internal static class ScikitLearn
{
    /// <summary>
    /// Writes each input as raw little-endian values to <c>NAME.bin</c>, runs <paramref name="code"/>
    /// with <c>np</c>, <c>sys</c> and <c>load(name, dtype)</c> defined, and returns the float64 array it
    /// leaves in <c>out</c>.
    /// </summary>
    public static double[] Run(string code, params (string Name, Array Values)[] inputs)
    {
        var dir = TestPaths.NewTempDirectory();
        foreach (var (name, values) in inputs)
            File.WriteAllBytes(Path.Combine(dir, name + ".bin"), values switch
            {
                float[] f => MemoryMarshal.AsBytes(f.AsSpan()).ToArray(),
                int[] i => MemoryMarshal.AsBytes(i.AsSpan()).ToArray(),
                _ => throw new ArgumentException($"input {name}: float[] or int[] expected"),
            });
        var psi = new ProcessStartInfo(TestPaths.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import numpy as np, sys\nD = sys.argv[1]\nload = lambda n, t: np.fromfile(D + '/' + n + '.bin', dtype=t)\n" +
                             code + "\nnp.asarray(out, dtype=np.float64).tofile(D + '/out.bin')");
        psi.ArgumentList.Add(dir);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        return MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(Path.Combine(dir, "out.bin"))).ToArray();
    }

    /// <summary>Test accuracy of <paramref name="estimator"/> (a Python expression) fitted on the training rows [n, d].</summary>
    public static double Accuracy(string estimator, float[] trainX, int[] trainY, float[] testX, int[] testY, int d) =>
        Run("from sklearn.linear_model import LogisticRegression\nfrom sklearn.neighbors import KNeighborsClassifier, NearestCentroid\n" +
            "from sklearn.ensemble import HistGradientBoostingClassifier\n" +
            $"m = {estimator}.fit(load('xtr', np.float32).reshape(-1, {d}), load('ytr', np.int32))\n" +
            $"out = [m.score(load('xte', np.float32).reshape(-1, {d}), load('yte', np.int32))]",
            ("xtr", trainX), ("ytr", trainY), ("xte", testX), ("yte", testY))[0];
}
