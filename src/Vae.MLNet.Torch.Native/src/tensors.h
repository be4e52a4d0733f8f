// Wrapping caller-owned buffers as tensors and copying results back.
#pragma once
#include <torch/torch.h>

#include <cstring>

#include "errors.h"
#include "model.h"

namespace vae {

constexpr int64_t kImageSide = 28;

inline VaeModel& checked(VaeModel* model) {
  require(model != nullptr, "model handle must not be null");
  return *model;
}

// Views x as [n, 1, 28, 28] without copying (CPU) or copies it to the model's device.
inline torch::Tensor images_in(const VaeModel& m, const float* x, int64_t n) {
  require(x != nullptr, "image buffer must not be null");
  require(n > 0, "batch size must be positive, got " + std::to_string(n));
  auto t = torch::from_blob(const_cast<float*>(x), {n, 1, kImageSide, kImageSide}, torch::kFloat32);
  return t.to(m.device);
}

inline torch::Tensor latent_in(const VaeModel& m, const float* z, int64_t n, const char* what) {
  require(z != nullptr, std::string(what) + " buffer must not be null");
  require(n > 0, "batch size must be positive, got " + std::to_string(n));
  auto t = torch::from_blob(const_cast<float*>(z), {n, m.net->spec().latent}, torch::kFloat32);
  return t.to(m.device);
}

// Copies a float tensor into a caller buffer of exactly t.numel() floats.
inline void copy_out(const torch::Tensor& t, float* dst) {
  if (dst == nullptr) return;
  auto host = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
  std::memcpy(dst, host.data_ptr<float>(), sizeof(float) * static_cast<size_t>(host.numel()));
}

}  // namespace vae
