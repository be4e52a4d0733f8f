using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Vae.MLNet.Engine;
using Vae.MLNet.Models;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Engine.Tests;

/// <summary>Runs tests/reference/vae_reference.py (PyTorch, Debian's python3-torch) on the engine's weights.</summary>
internal sealed class PyTorchReference
{
    private readonly string _dir = TestPaths.NewTempDirectory();

    public sealed record ForwardResult(float[] Mu, float[] LogVar, float[] Logits, VaeLoss Loss);

    /// <summary>The reference's forward pass with the engine's current weights and the given noise.</summary>
    public ForwardResult Forward(TorchVaeModel model, float[] images, float[] eps, double beta, ReconstructionLoss loss)
    {
        int size = model.Spec.Input.Size,
            n = images.Length / size,
            d = model.Spec.LatentSize;
        var output = Run(model, "forward", images, eps, beta, loss, []);
        var floats = MemoryMarshal.Cast<byte, float>(output.AsSpan(0, (2 * n * d + n * size) * 4)).ToArray();
        var doubles = MemoryMarshal.Cast<byte, double>(output.AsSpan(floats.Length * 4)).ToArray();
        return new ForwardResult(
            floats[..(n * d)],
            floats[(n * d)..(2 * n * d)],
            floats[(2 * n * d)..],
            new VaeLoss(doubles[0], doubles[1], doubles[2])
        );
    }

    /// <summary>The reference's parameters (concatenated) and per-step losses after training on one batch.</summary>
    public (float[] Parameters, double[] Losses) Train(
        TorchVaeModel model,
        float[] images,
        double beta,
        ReconstructionLoss loss,
        string optimizer,
        double lr,
        int steps,
        int seed,
        double clip = 0,
        double freeBits = 0
    )
    {
        var output = Run(
            model,
            "train",
            images,
            null,
            beta,
            loss,
            [
                "--optimizer",
                optimizer,
                "--lr",
                lr.ToString("R", CultureInfo.InvariantCulture),
                "--steps",
                $"{steps}",
                "--seed",
                $"{seed}",
                "--clip",
                clip.ToString("R", CultureInfo.InvariantCulture),
                "--free-bits",
                freeBits.ToString("R", CultureInfo.InvariantCulture),
            ]
        );
        int paramBytes = output.Length - steps * 8;
        return (
            MemoryMarshal.Cast<byte, float>(output.AsSpan(0, paramBytes)).ToArray(),
            MemoryMarshal.Cast<byte, double>(output.AsSpan(paramBytes)).ToArray()
        );
    }

    public static float[] ConcatParameters(TorchVaeModel model) => model.Parameters.SelectMany(p => model.GetParameter(p.Index)).ToArray();

    private byte[] Run(
        TorchVaeModel model,
        string command,
        float[] images,
        float[]? eps,
        double beta,
        ReconstructionLoss loss,
        string[] extra
    )
    {
        string spec = Write("spec.txt", model.Spec.ToText());
        string names = Write("names.txt", string.Join('\n', model.Parameters.Select(p => $"{p.Name} {string.Join(' ', p.Shape)}")));
        string parameters = WriteFloats("params.bin", ConcatParameters(model));
        string x = WriteFloats("images.bin", images);
        string output = Path.Combine(_dir, "out.bin");
        var psi = new ProcessStartInfo(TestPaths.Python)
        {
            ArgumentList =
            {
                TestPaths.Reference,
                command,
                "--spec",
                spec,
                "--names",
                names,
                "--params",
                parameters,
                "--images",
                x,
                "--n",
                $"{images.Length / model.Spec.Input.Size}",
                "--beta",
                beta.ToString("R", CultureInfo.InvariantCulture),
                "--loss",
                loss == ReconstructionLoss.Bce ? "bce" : "mse",
                "--out",
                output,
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        if (eps is not null)
        {
            psi.ArgumentList.Add("--eps");
            psi.ArgumentList.Add(WriteFloats("eps.bin", eps));
        }
        foreach (var a in extra)
            psi.ArgumentList.Add(a);
        psi.Environment["OPENBLAS_NUM_THREADS"] = "1";
        using var process = Process.Start(psi)!;
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"PyTorch reference failed ({process.ExitCode}): {stderr}");
        return File.ReadAllBytes(output);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string WriteFloats(string name, float[] values)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        return path;
    }
}
