namespace Vae.MLNet.Models;

/// <summary>
/// Loss terms in nats per image (or sums over images, where a member says so):
/// Total = Reconstruction + β·KL; for β = 1 and BCE, Total is the negative ELBO
/// (Kingma &amp; Welling 2013, eq. 3).
/// </summary>
public readonly record struct VaeLoss(double Total, double Reconstruction, double Kl)
{
    /// <summary>Adds two loss sums term by term.</summary>
    public static VaeLoss operator +(VaeLoss a, VaeLoss b) => new(a.Total + b.Total, a.Reconstruction + b.Reconstruction, a.Kl + b.Kl);

    /// <summary>Scales each term (e.g. a batch mean by its image count, giving a sum).</summary>
    public static VaeLoss operator *(VaeLoss a, double k) => new(a.Total * k, a.Reconstruction * k, a.Kl * k);

    /// <summary>Divides each term (e.g. sums over a dataset by its image count).</summary>
    public static VaeLoss operator /(VaeLoss a, double d) => new(a.Total / d, a.Reconstruction / d, a.Kl / d);
}
