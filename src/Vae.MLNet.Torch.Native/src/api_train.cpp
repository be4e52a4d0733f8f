// Optimizer set-up, training steps and evaluation.
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
