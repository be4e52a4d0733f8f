// The network (encoder, mu/log_var heads, decoder) and the ELBO loss.
#pragma once
#include <torch/torch.h>

#include <memory>
#include <string>

#include "optimizer.h"
#include "spec.h"

namespace vae {

struct Encoded {
  torch::Tensor mu;       // [n, d]
  torch::Tensor log_var;  // [n, d]; undefined for an AE
};

// Per-image loss terms, each [n], in nats.
struct LossTerms {
  torch::Tensor reconstruction;
  torch::Tensor kl;
};

class VaeNetImpl : public torch::nn::Module {
 public:
  explicit VaeNetImpl(const Spec& spec);

  Encoded encode(const torch::Tensor& images);
  torch::Tensor decode_logits(const torch::Tensor& z);
  // Reparameterization (Kingma & Welling 2013, eq. 10): z = mu + sigma * eps, sigma = exp(log_var/2).
  torch::Tensor reparameterize(const Encoded& enc, const torch::Tensor& eps) const;

  const Spec& spec() const { return spec_; }

 private:
  Spec spec_;
  torch::nn::Sequential encoder_{nullptr};
  torch::nn::Linear mu_{nullptr};
  torch::nn::Linear log_var_{nullptr};
  torch::nn::Sequential decoder_{nullptr};
};
TORCH_MODULE(VaeNet);

// Reconstruction loss per image (BCE on logits, or squared error of sigmoid(logits)), summed over
// the 784 pixels, and KL(q(z|x) || N(0, I)) per image summed over latent dimensions
// (Kingma & Welling 2013, Appendix B: -1/2 * sum(1 + log_var - mu^2 - exp(log_var))).
LossTerms loss_terms(const torch::Tensor& images, const torch::Tensor& logits, const Encoded& enc,
                     int32_t loss_kind);

}  // namespace vae

// The opaque handle behind VaeModel*.
struct VaeModel {
  vae::VaeNet net;
  torch::Device device;
  at::Generator generator;  // CPU generator of the reparameterization noise; state saved in checkpoints
  std::string spec_text;
  std::unique_ptr<vae::Optimizer> optimizer;
  double grad_clip = 0.0;  // max global gradient norm; 0 = off
};
