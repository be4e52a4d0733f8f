namespace Vae.MLNet.Data;

/// <summary>
/// Named moments where a write is most fragile (between the two renames of a pair, at the swap of a report folder): a
/// seam for tests. A library only calls <see cref="Reach"/>, which does nothing unless a host installed a
/// <see cref="Handler"/>; the <c>vae</c> command's test hook (its FaultInjection) installs one that kills the process
/// there, as a power cut would, so tests prove that what was written stays whole without relying on timing.
/// </summary>
internal static class FaultPoint
{
    /// <summary>Between writing <c>encoder.onnx</c> and <c>decoder.onnx</c> of an export.</summary>
    public const string BetweenModelFiles = "export-between-files";

    /// <summary>In the middle of writing a latent file, after its first rows.</summary>
    public const string DuringLatentFile = "encode-during-write";

    /// <summary>Just before a finished report folder takes the place of the previous one.</summary>
    public const string BeforeReportSwap = "report-before-swap";

    /// <summary>Just after the swap, before the previous report is deleted.</summary>
    public const string AfterReportSwap = "report-after-swap";

    /// <summary>What happens at a point; null (the default): nothing.</summary>
    public static Action<string>? Handler { get; set; }

    /// <summary>Calls the installed <see cref="Handler"/> with <paramref name="name"/>, if any.</summary>
    public static void Reach(string name) => Handler?.Invoke(name);
}
