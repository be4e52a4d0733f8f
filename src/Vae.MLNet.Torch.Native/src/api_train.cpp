// Optimizer set-up, training steps and evaluation.
#include <cmath>
#include <vector>

#include "errors.h"
#include "model.h"
#include "tensors.h"

namespace {

struct Forward {
  vae::Encoded enc;
  torch::Tensor logits;
  vae::LossTerms terms;
};

// eps ~ N(0, I) shaped like mu, from the model's own generator (drawn on the CPU, as PyTorch's
// default generator would, then moved to the model's device). The sampling kernel takes the
// generator's mutex itself.
torch::Tensor sample_eps(VaeModel& m, const torch::Tensor& mu) {
  return at::randn(mu.sizes(), m.generator, mu.options().device(torch::kCPU)).to(mu.device());
}

// eps: the reparameterization noise [n, d]; when undefined, drawn from N(0, I) here.
Forward run_forward(VaeModel& m, const torch::Tensor& x, const torch::Tensor& eps, int32_t loss_kind) {
  Forward f;
  f.enc = m.net->encode(x);
  const bool draw = !eps.defined() && m.net->spec().variational;
  f.logits = m.net->decode_logits(m.net->reparameterize(f.enc, draw ? sample_eps(m, f.enc.mu) : eps));
  f.terms = vae::loss_terms(x, f.logits, f.enc, loss_kind);
  return f;
}

void check_beta(double beta) {
  vae::require(beta >= 0 && std::isfinite(beta), "beta must be non-negative and finite, got " + std::to_string(beta));
}

VaeLoss means(const vae::LossTerms& t, double beta) {
  const double rec = t.reconstruction.mean().item<double>();
  const double kl = t.kl.mean().item<double>();
  return VaeLoss{rec + beta * kl, rec, kl};
}

}  // namespace

extern "C" VaeStatus vae_model_set_optimizer(VaeModel* model, const char* kind, double lr) {
  VAE_GUARD({
    auto& m = vae::checked(model);
    m.optimizer = vae::make_optimizer(kind ? kind : "", m.net->parameters(), lr);
  });
}

extern "C" VaeStatus vae_model_set_learning_rate(VaeModel* model, double lr) {
  VAE_GUARD({
    auto& m = vae::checked(model);
    vae::require(m.optimizer != nullptr, "no optimizer: call vae_model_set_optimizer first");
    vae::require(lr > 0 && std::isfinite(lr), "learning rate must be positive and finite");
    m.optimizer->set_learning_rate(lr);
  });
}

extern "C" VaeStatus vae_model_set_grad_clip(VaeModel* model, double max_norm) {
  VAE_GUARD({
    vae::require(std::isfinite(max_norm), "max_norm must be finite");
    vae::checked(model).grad_clip = max_norm > 0 ? max_norm : 0.0;
  });
}

extern "C" VaeStatus vae_model_train_step(VaeModel* model, const float* x, int64_t n, double beta,
                                          int32_t loss_kind, VaeLoss* out) {
  VAE_GUARD({
    auto& m = vae::checked(model);
    vae::require(out != nullptr, "out must not be null");
    vae::require(m.optimizer != nullptr, "no optimizer: call vae_model_set_optimizer first");
    check_beta(beta);
    m.net->train();
    auto f = run_forward(m, vae::images_in(m, x, n), torch::Tensor(), loss_kind);
    auto loss = (f.terms.reconstruction + beta * f.terms.kl).mean();
    m.optimizer->zero_grad();
    loss.backward();
    if (m.grad_clip > 0) torch::nn::utils::clip_grad_norm_(m.net->parameters(), m.grad_clip);
    m.optimizer->step();
    *out = means(f.terms, beta);
  });
}

extern "C" VaeStatus vae_model_evaluate(VaeModel* model, const float* x, int64_t n, double beta,
                                        int32_t loss_kind, VaeLoss* out_sums) {
  VAE_GUARD({
    auto& m = vae::checked(model);
    vae::require(out_sums != nullptr, "out must not be null");
    check_beta(beta);
    torch::NoGradGuard no_grad;
    m.net->eval();
    auto f = run_forward(m, vae::images_in(m, x, n), torch::Tensor(), loss_kind);
    const double rec = f.terms.reconstruction.sum().item<double>();
    const double kl = f.terms.kl.sum().item<double>();
    *out_sums = VaeLoss{rec + beta * kl, rec, kl};
  });
}

extern "C" VaeStatus vae_model_forward(VaeModel* model, const float* x, const float* eps, int64_t n,
                                       double beta, int32_t loss_kind, float* mu, float* log_var,
                                       float* logits, VaeLoss* out) {
  VAE_GUARD({
    auto& m = vae::checked(model);
    vae::require(out != nullptr, "out must not be null");
    check_beta(beta);
    torch::NoGradGuard no_grad;
    m.net->eval();
    const bool variational = m.net->spec().variational;
    vae::require(!variational || eps != nullptr, "eps must not be null for a VAE");
    auto noise = variational ? vae::latent_in(m, eps, n, "eps") : torch::Tensor();
    auto f = run_forward(m, vae::images_in(m, x, n), noise, loss_kind);
    vae::copy_out(f.enc.mu, mu);
    if (f.enc.log_var.defined()) vae::copy_out(f.enc.log_var, log_var);
    vae::copy_out(f.logits, logits);
    *out = means(f.terms, beta);
  });
}

extern "C" VaeStatus vae_model_iwae(VaeModel* model, const float* x, int64_t n, int32_t k, int32_t loss_kind,
                                    double* out_sum) {
  VAE_GUARD({
    auto& m = vae::checked(model);
    vae::require(out_sum != nullptr, "out_sum must not be null");
    vae::require(k >= 1, "k must be at least 1, got " + std::to_string(k));
    vae::require(loss_kind == VAE_LOSS_BCE, "the importance-weighted bound needs a Bernoulli decoder (BCE loss)");
    vae::require(m.net->spec().variational, "the importance-weighted bound needs a VAE (an AE has no q(z|x))");
    torch::NoGradGuard no_grad;
    m.net->eval();
    const auto images = vae::images_in(m, x, n);
    const auto enc = m.net->encode(images);
    const double log2pi = std::log(2.0 * M_PI);
    // log w_j = log p(x|z_j) + log p(z_j) - log q(z_j|x), for all j at once: [k, n].
    std::vector<torch::Tensor> log_w;
    for (int32_t j = 0; j < k; ++j) {
      const auto eps = sample_eps(m, enc.mu);
      const auto z = enc.mu + torch::exp(0.5 * enc.log_var) * eps;
      const auto logits = m.net->decode_logits(z);
      namespace F = torch::nn::functional;
      const auto log_px = -F::binary_cross_entropy_with_logits(
          logits, images, F::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kNone)).flatten(1).sum(1);
      const auto log_pz = (-0.5 * (z.square() + log2pi)).sum(1);
      const auto log_qz = (-0.5 * (eps.square() + enc.log_var + log2pi)).sum(1);
      log_w.push_back(log_px + log_pz - log_qz);
    }
    const auto bound = -(torch::logsumexp(torch::stack(log_w), 0) - std::log(static_cast<double>(k)));
    *out_sum = bound.sum().item<double>();
  });
}
