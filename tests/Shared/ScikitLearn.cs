using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Vae.MLNet.Tests;

/// <summary>Runs a scikit-learn estimator (Debian python3-sklearn, test-only) on the same features, as the reference.</summary>
internal static class ScikitLearn
{
    /// <summary>Test accuracy of <paramref name="estimator"/> (a Python expression) fitted on the training rows.</summary>
    public static double Accuracy(string estimator, float[] trainX, int[] trainY, float[] testX, int[] testY, int d)
    {
        var dir = TestPaths.NewTempDirectory();
        void Write(string name, ReadOnlySpan<byte> bytes) => File.WriteAllBytes(Path.Combine(dir, name), bytes.ToArray());
        Write("xtr.bin", MemoryMarshal.AsBytes(trainX.AsSpan()));
        Write("ytr.bin", MemoryMarshal.AsBytes(trainY.AsSpan()));
        Write("xte.bin", MemoryMarshal.AsBytes(testX.AsSpan()));
        Write("yte.bin", MemoryMarshal.AsBytes(testY.AsSpan()));
        var psi = new ProcessStartInfo(TestPaths.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(
            "import numpy as np, sys\nfrom sklearn.linear_model import LogisticRegression\n" +
            "from sklearn.neighbors import KNeighborsClassifier, NearestCentroid\n" +
            "from sklearn.ensemble import HistGradientBoostingClassifier\n" +
            "r = lambda n, t: np.fromfile(sys.argv[1] + '/' + n, dtype=t)\n" +
            $"d = {d}\nm = {estimator}.fit(r('xtr.bin', np.float32).reshape(-1, d), r('ytr.bin', np.int32))\n" +
            "print(repr(m.score(r('xte.bin', np.float32).reshape(-1, d), r('yte.bin', np.int32))))");
        psi.ArgumentList.Add(dir);
        using var p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd(), stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        return double.Parse(stdout.Trim(), CultureInfo.InvariantCulture);
    }
}
