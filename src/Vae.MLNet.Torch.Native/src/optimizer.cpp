#include <cmath>

#include "errors.h"
#include "optimizer.h"

namespace vae {
namespace {

using StateLists = std::vector<std::pair<std::string, std::vector<torch::Tensor>*>>;

void zero_grads(std::vector<torch::Tensor>& params) {
  for (auto& p : params) {
    if (p.grad().defined()) p.mutable_grad().zero_();
  }
}

// Every parameter of these models takes part in the loss, so every gradient exists after backward().
std::vector<torch::Tensor> collect_grads(const std::vector<torch::Tensor>& params) {
  std::vector<torch::Tensor> grads;
  grads.reserve(params.size());
  for (const auto& p : params) {
    TORCH_CHECK(p.grad().defined(), "a parameter has no gradient: call backward() before step()");
    grads.push_back(p.grad());
  }
  return grads;
}

void save_state(torch::serialize::OutputArchive& archive, const std::string& prefix, int64_t step,
                const StateLists& lists) {
  archive.write(prefix + ".step", torch::tensor(step));
  for (const auto& [name, list] : lists) {
    for (size_t i = 0; i < list->size(); ++i) {
      archive.write(prefix + "." + name + "." + std::to_string(i), (*list)[i], /*is_buffer=*/true);
    }
  }
}

void load_state(torch::serialize::InputArchive& archive, const std::string& prefix, int64_t& step,
                const StateLists& lists) {
  torch::Tensor saved_step;
  archive.read(prefix + ".step", saved_step);
  step = saved_step.item<int64_t>();
  for (const auto& [name, list] : lists) {
    for (size_t i = 0; i < list->size(); ++i) {
      archive.read(prefix + "." + name + "." + std::to_string(i), (*list)[i], /*is_buffer=*/true);
    }
  }
}

// torch.optim.Adam (Kingma & Ba 2015, Algorithm 1; betas (0.9, 0.999), eps 1e-8, no weight decay),
// written with libtorch's multi-tensor (_foreach) kernels like PyTorch's foreach=True path.
// libtorch's own C++ torch::optim::Adam runs ~8 single-tensor kernels per parameter, each
// allocating temporaries; measured here it cost 3 ms of a 11 ms dense-model step (docs/benchmarks.md).
class AdamOptimizer final : public Optimizer {
 public:
  AdamOptimizer(std::vector<torch::Tensor> params, double lr) : params_(std::move(params)), lr_(lr) {
    for (const auto& p : params_) {
      exp_avg_.push_back(torch::zeros_like(p));
      exp_avg_sq_.push_back(torch::zeros_like(p));
    }
  }
  void zero_grad() override { zero_grads(params_); }
  void step() override {
    torch::NoGradGuard no_grad;
    ++step_;
    const double bias1 = 1.0 - std::pow(kBeta1, static_cast<double>(step_));
    const double bias2 = 1.0 - std::pow(kBeta2, static_cast<double>(step_));
    auto grads = collect_grads(params_);
    torch::_foreach_mul_(exp_avg_, kBeta1);
    torch::_foreach_add_(exp_avg_, grads, 1.0 - kBeta1);
    torch::_foreach_mul_(exp_avg_sq_, kBeta2);
    torch::_foreach_addcmul_(exp_avg_sq_, grads, grads, 1.0 - kBeta2);
    auto denom = torch::_foreach_sqrt(exp_avg_sq_);
    torch::_foreach_div_(denom, std::sqrt(bias2));
    torch::_foreach_add_(denom, kEps);
    torch::_foreach_addcdiv_(params_, exp_avg_, denom, -lr_ / bias1);
  }
  void set_learning_rate(double lr) override { lr_ = lr; }
  void save(torch::serialize::OutputArchive& archive) override {
    save_state(archive, "adam", step_, {{"exp_avg", &exp_avg_}, {"exp_avg_sq", &exp_avg_sq_}});
  }
  void load(torch::serialize::InputArchive& archive) override {
    load_state(archive, "adam", step_, {{"exp_avg", &exp_avg_}, {"exp_avg_sq", &exp_avg_sq_}});
  }
  std::string kind() const override { return "adam"; }

 private:
  static constexpr double kBeta1 = 0.9;
  static constexpr double kBeta2 = 0.999;
  static constexpr double kEps = 1e-8;
  std::vector<torch::Tensor> params_;
  std::vector<torch::Tensor> exp_avg_;
  std::vector<torch::Tensor> exp_avg_sq_;
  double lr_;
  int64_t step_ = 0;
};

// torch.optim.Adamax with betas (0.9, 0.999), eps 1e-8, no weight decay.
class AdamaxOptimizer final : public Optimizer {
 public:
  AdamaxOptimizer(std::vector<torch::Tensor> params, double lr) : params_(std::move(params)), lr_(lr) {
    for (const auto& p : params_) {
      exp_avg_.push_back(torch::zeros_like(p));
      exp_inf_.push_back(torch::zeros_like(p));
    }
  }
  void zero_grad() override { zero_grads(params_); }
  void step() override {
    torch::NoGradGuard no_grad;
    ++step_;
    const double clr = lr_ / (1.0 - std::pow(kBeta1, static_cast<double>(step_)));
    for (size_t i = 0; i < params_.size(); ++i) {
      const auto& grad = params_[i].grad();
      if (!grad.defined()) continue;
      exp_avg_[i].mul_(kBeta1).add_(grad, 1.0 - kBeta1);
      exp_inf_[i] = torch::maximum(exp_inf_[i].mul(kBeta2), grad.abs().add(kEps));
      params_[i].addcdiv_(exp_avg_[i], exp_inf_[i], -clr);
    }
  }
  void set_learning_rate(double lr) override { lr_ = lr; }
  void save(torch::serialize::OutputArchive& archive) override {
    save_state(archive, "adamax", step_, {{"exp_avg", &exp_avg_}, {"exp_inf", &exp_inf_}});
  }
  void load(torch::serialize::InputArchive& archive) override {
    load_state(archive, "adamax", step_, {{"exp_avg", &exp_avg_}, {"exp_inf", &exp_inf_}});
  }
  std::string kind() const override { return "adamax"; }

 private:
  static constexpr double kBeta1 = 0.9;
  static constexpr double kBeta2 = 0.999;
  static constexpr double kEps = 1e-8;
  std::vector<torch::Tensor> params_;
  std::vector<torch::Tensor> exp_avg_;
  std::vector<torch::Tensor> exp_inf_;
  double lr_;
  int64_t step_ = 0;
};

}  // namespace

std::unique_ptr<Optimizer> make_optimizer(const std::string& kind, std::vector<torch::Tensor> params,
                                          double lr) {
  require(lr > 0 && std::isfinite(lr), "learning rate must be positive and finite, got " + std::to_string(lr));
  if (kind == "adam") return std::make_unique<AdamOptimizer>(std::move(params), lr);
  if (kind == "adamax") return std::make_unique<AdamaxOptimizer>(std::move(params), lr);
  throw ArgumentError("unknown optimizer '" + kind + "' (expected adam or adamax)");
}

}  // namespace vae
