#include "errors.h"

#include <c10/util/Exception.h>

#include <algorithm>
#include <cstring>

namespace vae {
namespace {
thread_local std::string last_error;
}

void set_last_error(const std::string& message) { last_error = message; }

VaeStatus translate_current_exception() {
  try {
    throw;
  } catch (const ArgumentError& e) {
    set_last_error(e.what());
    return VAE_ERR_ARGUMENT;
  } catch (const DeviceError& e) {
    set_last_error(e.what());
    return VAE_ERR_DEVICE;
  } catch (const IoError& e) {
    set_last_error(e.what());
    return VAE_ERR_IO;
  } catch (const c10::Error& e) {
    // what() carries a C++ backtrace that means nothing to a C# caller.
    set_last_error(e.what_without_backtrace());
    return VAE_ERR_TORCH;
  } catch (const std::exception& e) {
    set_last_error(e.what());
    return VAE_ERR_UNKNOWN;
  } catch (...) {
    set_last_error("unknown native exception");
    return VAE_ERR_UNKNOWN;
  }
}

}  // namespace vae

extern "C" int64_t vae_last_error(char* buf, int64_t cap) {
  const std::string& msg = vae::last_error;
  if (buf != nullptr && cap > 0) {
    const size_t n = std::min<size_t>(msg.size(), static_cast<size_t>(cap - 1));
    std::memcpy(buf, msg.data(), n);
    buf[n] = '\0';
  }
  return static_cast<int64_t>(msg.size());
}
