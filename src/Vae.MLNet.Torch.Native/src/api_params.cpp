// Named parameters: read for export and parity tests, written to load reference weights.
#include <cstring>

#include "errors.h"
#include "model.h"
#include "tensors.h"

namespace {

torch::Tensor param_at(VaeModel& m, int64_t index) {
  auto params = m.net->named_parameters(/*recurse=*/true);
  vae::require(index >= 0 && index < static_cast<int64_t>(params.size()),
               "parameter index " + std::to_string(index) + " out of range [0, " +
                   std::to_string(params.size()) + ")");
  return params[index].value();
}

void check_count(const torch::Tensor& p, int64_t count) {
  vae::require(count == p.numel(), "parameter has " + std::to_string(p.numel()) +
                                       " elements, buffer has " + std::to_string(count));
}

}  // namespace

extern "C" VaeStatus vae_model_param_count(VaeModel* model, int64_t* out) {
  VAE_GUARD({
    vae::require(out != nullptr, "out must not be null");
    *out = static_cast<int64_t>(vae::checked(model).net->named_parameters(true).size());
  });
}

extern "C" VaeStatus vae_model_param_info(VaeModel* model, int64_t index, char* name, int64_t name_cap,
                                          int64_t* shape, int32_t* ndim) {
  VAE_GUARD({
    auto& m = vae::checked(model);
    vae::require(name != nullptr && name_cap > 0 && shape != nullptr && ndim != nullptr,
                 "name, shape and ndim must not be null");
    auto params = m.net->named_parameters(true);
    auto p = param_at(m, index);
    const std::string& key = params[index].key();
    vae::require(static_cast<int64_t>(key.size()) < name_cap, "name buffer too small for " + key);
    std::memcpy(name, key.c_str(), key.size() + 1);
    vae::require(p.dim() <= 8, "parameter has more than 8 dimensions");
    *ndim = static_cast<int32_t>(p.dim());
    for (int64_t i = 0; i < p.dim(); ++i) shape[i] = p.size(i);
  });
}

extern "C" VaeStatus vae_model_param_get(VaeModel* model, int64_t index, float* dst, int64_t count) {
  VAE_GUARD({
    vae::require(dst != nullptr, "destination must not be null");
    auto p = param_at(vae::checked(model), index);
    check_count(p, count);
    vae::copy_out(p, dst);
  });
}

extern "C" VaeStatus vae_model_param_set(VaeModel* model, int64_t index, const float* src, int64_t count) {
  VAE_GUARD({
    vae::require(src != nullptr, "source must not be null");
    auto& m = vae::checked(model);
    auto p = param_at(m, index);
    check_count(p, count);
    torch::NoGradGuard no_grad;
    auto host = torch::from_blob(const_cast<float*>(src), p.sizes(), torch::kFloat32);
    p.copy_(host.to(m.device));
  });
}
