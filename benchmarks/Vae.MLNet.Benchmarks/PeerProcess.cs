using System.Diagnostics;
using System.Globalization;

namespace Vae.MLNet.Benchmarks;

/// <summary>Runs a peer benchmark (a tests/reference script) and reads the figure it prints as 'KEY value'.</summary>
internal static class PeerProcess
{
    public static double Figure(string program, IEnumerable<string> args, string key, IReadOnlyDictionary<string, string>? environment = null) =>
        Figures(program, args, environment).TryGetValue(key, out double value) ? value
            : throw new InvalidOperationException($"{program} {string.Join(' ', args)} printed no '{key}' figure");

    /// <summary>Every 'KEY value' line the program printed.</summary>
    public static Dictionary<string, double> Figures(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var figures = output.Split('\n').Select(l => l.Trim().Split(' ')).Where(f => f.Length == 2 && double.TryParse(f[1], CultureInfo.InvariantCulture, out _))
            .ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
        if (p.ExitCode != 0 || figures.Count == 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed (exit {p.ExitCode}): {output}");
        return figures;
    }

    /// <summary>Path of a script in tests/reference, found above the benchmark's binaries.</summary>
    public static string ReferenceScript(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "reference", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"tests/reference/{name} not found above {AppContext.BaseDirectory}");
    }
}
