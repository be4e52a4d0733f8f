namespace Vae.MLNet.Models;

/// <summary>Whether the encoder is deterministic (AE) or Gaussian (VAE).</summary>
public enum ModelKind
{
    /// <summary>Autoencoder: the encoder gives a code μ, and z = μ. No KL term; no log σ² output.</summary>
    Autoencoder,

    /// <summary>
    /// Variational autoencoder (Kingma &amp; Welling 2013): the encoder gives μ and log σ² of a
    /// diagonal Gaussian q(z|x); z = μ + σ·ε with ε ~ N(0, I) (reparameterization).
    /// </summary>
    Variational,
}

/// <summary>Reconstruction loss, summed over the 784 pixels of an image (nats per image for BCE).</summary>
public enum ReconstructionLoss
{
    /// <summary>Binary cross-entropy of the pixel values against the decoder's Bernoulli means (computed on logits).</summary>
    Bce = 0,

    /// <summary>Squared error between the decoded image (sigmoid of the logits) and the input.</summary>
    Mse = 1,
}
