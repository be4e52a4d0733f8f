using System.Runtime.InteropServices;

namespace Vae.MLNet.Data;

/// <summary>
/// Named moments where a write is most fragile (between the two renames of a pair, at the swap of a
/// report folder). When the environment variable <see cref="Variable"/> names a point, the process
/// kills itself there with SIGKILL, as a power cut or the OOM killer would: tests prove that what was
/// written stays whole at that moment, without relying on timing. Unset, a point costs one comparison.
/// </summary>
public static class FaultPoint
{
    /// <summary>The environment variable that arms a point: its value is the point's name.</summary>
    public const string Variable = "VAE_FAULT_POINT";

    /// <summary>Between writing <c>encoder.onnx</c> and <c>decoder.onnx</c> in <c>vae export</c>.</summary>
    public const string BetweenModelFiles = "export-between-files";

    /// <summary>In the middle of writing a latent file (<c>vae encode</c>), after its first rows.</summary>
    public const string DuringLatentFile = "encode-during-write";

    /// <summary>Just before a finished report folder takes the place of the previous one.</summary>
    public const string BeforeReportSwap = "report-before-swap";

    /// <summary>Just after the swap, before the previous report is deleted.</summary>
    public const string AfterReportSwap = "report-after-swap";

    private static readonly string? Armed = Environment.GetEnvironmentVariable(Variable);

    /// <summary>Kills the process with SIGKILL when <paramref name="name"/> is the armed point.</summary>
    public static void Reach(string name)
    {
        if (Armed != name)
            return;
        Console.Out.Flush();
        Kill(Environment.ProcessId, 9);
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
