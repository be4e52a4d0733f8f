// Error handling at the C boundary: every exported body runs inside VAE_GUARD, which turns any
// exception into a status code and a per-thread message (pattern of TorchSharp's CATCH macro,
// extended to std::exception and unknown exceptions).
#pragma once
#include <stdexcept>
#include <string>

#include "vae_torch.h"

namespace vae {

struct ArgumentError : std::runtime_error { using std::runtime_error::runtime_error; };
struct DeviceError : std::runtime_error { using std::runtime_error::runtime_error; };
struct IoError : std::runtime_error { using std::runtime_error::runtime_error; };

void set_last_error(const std::string& message);
// Must be called from inside a catch block: maps the in-flight exception to a status.
VaeStatus translate_current_exception();

// Throws ArgumentError with `what` when `ok` is false.
inline void require(bool ok, const std::string& what) {
  if (!ok) throw ArgumentError(what);
}

}  // namespace vae

#define VAE_GUARD(...)                              \
  try {                                             \
    vae::set_last_error("");                        \
    __VA_ARGS__;                                    \
    return VAE_OK;                                  \
  } catch (...) {                                   \
    return vae::translate_current_exception();      \
  }
