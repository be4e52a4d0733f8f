// Model lifetime, encode/decode and checkpoints.
#include <ATen/CPUGeneratorImpl.h>
#include <torch/cuda.h>
#include <torch/utils.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "errors.h"
#include "model.h"
#include "tensors.h"

namespace {

torch::Device parse_device(const char* device) {
  const std::string name = device ? device : "cpu";
  if (name == "cpu") return torch::kCPU;
  if (name == "cuda" || name.rfind("cuda:", 0) == 0) {
    if (!torch::cuda::is_available()) {
      throw vae::DeviceError(
          "device '" + name + "' requested, but this libtorch build has no CUDA support or no GPU is "
          "visible. Build src/Vae.MLNet.Torch.Native against a CUDA-enabled libtorch (download the "
          "CUDA libtorch from pytorch.org and pass -DCMAKE_PREFIX_PATH=<libtorch> to CMake, or "
          "set LIBTORCH_DIR for build.sh), or use --device cpu.");
    }
    return torch::Device(name);
  }
  throw vae::ArgumentError("unknown device '" + name + "' (expected cpu or cuda)");
}

// Parameter initialization draws from libtorch's global generator; one model at a time seeds and
// builds under this lock, so concurrent creations cannot interleave their draws.
std::mutex init_mutex;

}  // namespace

extern "C" VaeStatus vae_model_create(const char* spec, const char* device, uint64_t seed, VaeModel** out) {
  VAE_GUARD({
    vae::require(spec != nullptr && out != nullptr, "spec and out must not be null");
    *out = nullptr;
    const torch::Device dev = parse_device(device);
    const vae::Spec parsed = vae::parse_spec(spec);
    vae::VaeNet net{nullptr};
    {
      std::lock_guard<std::mutex> lock(init_mutex);
      torch::manual_seed(seed);
      net = vae::VaeNet(parsed);
    }
    net->to(dev);
    *out = new VaeModel{net, dev, at::detail::createCPUGenerator(seed), spec, nullptr};
  });
}

extern "C" VaeStatus vae_model_seed(VaeModel* model, uint64_t seed) {
  VAE_GUARD({
    auto& m = vae::checked(model);
    std::lock_guard<std::mutex> lock(m.generator.mutex());
    m.generator.set_current_seed(seed);
  });
}


extern "C" void vae_model_free(VaeModel* model) { delete model; }

extern "C" VaeStatus vae_model_encode(VaeModel* model, const float* x, int64_t n, float* mu,
                                      float* log_var) {
  VAE_GUARD({
    auto& m = vae::checked(model);
    torch::NoGradGuard no_grad;
    m.net->eval();
    auto enc = m.net->encode(vae::images_in(m, x, n));
    vae::copy_out(enc.mu, mu);
    vae::copy_out(enc.log_var.defined() ? enc.log_var : torch::zeros_like(enc.mu), log_var);
  });
}

extern "C" VaeStatus vae_model_decode(VaeModel* model, const float* z, int64_t n, float* images) {
  VAE_GUARD({
    auto& m = vae::checked(model);
    vae::require(images != nullptr, "image buffer must not be null");
    torch::NoGradGuard no_grad;
    m.net->eval();
    vae::copy_out(torch::sigmoid(m.net->decode_logits(vae::latent_in(m, z, n, "z"))), images);
  });
}

extern "C" VaeStatus vae_model_save(VaeModel* model, const char* path, const char* caller_state) {
  VAE_GUARD({
    auto& m = vae::checked(model);
    vae::require(path != nullptr, "path must not be null");
    torch::serialize::OutputArchive archive;
    m.net->save(archive);
    archive.write("vae.spec", c10::IValue(m.spec_text));
    archive.write("vae.caller_state", c10::IValue(std::string(caller_state ? caller_state : "")));
    {
      std::lock_guard<std::mutex> lock(m.generator.mutex());
      archive.write("vae.rng_state", m.generator.get_state(), /*is_buffer=*/true);
    }
    if (m.optimizer) {
      torch::serialize::OutputArchive opt;
      m.optimizer->save(opt);
      archive.write("optimizer", opt);
      archive.write("optimizer.kind", c10::IValue(m.optimizer->kind()));
    }
    try {
      archive.save_to(path);
    } catch (const c10::Error& e) {
      throw vae::IoError(std::string("cannot write checkpoint '") + path + "': " + e.what_without_backtrace());
    }
  });
}

extern "C" VaeStatus vae_model_load(VaeModel* model, const char* path, char* caller_state, int64_t cap,
                                    int64_t* caller_state_length) {
  VAE_GUARD({
    auto& m = vae::checked(model);
    vae::require(path != nullptr, "path must not be null");
    torch::serialize::InputArchive archive;
    try {
      archive.load_from(path, m.device);
    } catch (const c10::Error& e) {
      throw vae::IoError(std::string("cannot read checkpoint '") + path + "': " + e.what_without_backtrace());
    }
    c10::IValue spec;
    if (!archive.try_read("vae.spec", spec) || spec.toStringRef() != m.spec_text) {
      throw vae::ArgumentError(std::string("checkpoint '") + path +
                               "' was written for a different architecture than this model's spec");
    }
    m.net->load(archive);
    torch::Tensor rng;
    if (archive.try_read("vae.rng_state", rng, /*is_buffer=*/true)) {
      std::lock_guard<std::mutex> lock(m.generator.mutex());
      m.generator.set_state(rng.cpu());
    }
    c10::IValue state;
    const std::string saved = archive.try_read("vae.caller_state", state) ? state.toStringRef() : "";
    if (caller_state_length != nullptr) *caller_state_length = static_cast<int64_t>(saved.size());
    if (caller_state != nullptr && cap > 0) {
      const size_t n = std::min<size_t>(saved.size(), static_cast<size_t>(cap - 1));
      std::memcpy(caller_state, saved.data(), n);
      caller_state[n] = '\0';
    }
    c10::IValue kind;
    torch::serialize::InputArchive opt;
    if (m.optimizer && archive.try_read("optimizer.kind", kind) &&
        kind.toStringRef() == m.optimizer->kind() && archive.try_read("optimizer", opt)) {
      m.optimizer->load(opt);
    }
  });
}
