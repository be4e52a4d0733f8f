// Architecture spec: the text that C# (Vae.MLNet.Models.ArchitectureSpec) writes and this shim
// builds a network from, so trainer, exporter and test oracle share one description.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace vae {

struct LayerSpec {
  std::string op;             // linear, conv2d, convt2d, maxpool2d, relu, leakyrelu, flatten, unflatten
  std::vector<double> args;   // numeric arguments, meaning depends on op (see spec.cpp)
  int line = 0;               // 1-based line in the spec text, for error messages
};

struct Spec {
  bool variational = true;    // VAE (mu and log_var heads) or AE (mu head only, z = mu)
  int64_t latent = 0;         // latent size d
  int64_t head_features = 0;  // width of the encoder output feeding the heads
  std::vector<LayerSpec> encoder;
  std::vector<LayerSpec> decoder;  // ends in logits [n, 1, 28, 28]
};

// Parses the spec; throws ArgumentError naming the line and what was expected.
Spec parse_spec(const std::string& text);

}  // namespace vae
