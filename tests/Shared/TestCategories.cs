namespace Vae.MLNet.Tests;

/// <summary>
/// Test categories. <see cref="Slow"/> marks the classes that train several models, run the CLI end to end many
/// times, or build new projects: './test.sh --fast' leaves them out for the inner loop; CI runs everything.
/// </summary>
internal static class TestCategories
{
    public const string Name = "Category";
    public const string Slow = "Slow";
}
