// Optimizers behind one small interface: Adam (libtorch's) and Adamax (hand-written: libtorch's
// C++ API has none; follows torch.optim.Adamax, Kingma & Ba 2015, Algorithm 2).
#pragma once
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace vae {

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual void zero_grad() = 0;
  virtual void step() = 0;
  virtual void set_learning_rate(double lr) = 0;
  virtual void save(torch::serialize::OutputArchive& archive) = 0;
  virtual void load(torch::serialize::InputArchive& archive) = 0;
  virtual std::string kind() const = 0;
};

// kind: "adam" or "adamax"; throws ArgumentError otherwise.
std::unique_ptr<Optimizer> make_optimizer(const std::string& kind, std::vector<torch::Tensor> params,
                                          double lr);

}  // namespace vae
