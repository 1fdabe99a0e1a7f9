#include "tls_trust.hpp"

#include <cerrno>
#include <cstring>
#include <cstdio>

namespace crawlbench::native {

expected<void> check_tls_trust(const tls_trust& trust) {
  if (trust.ca_file.empty()) return {};
  std::FILE* file = std::fopen(trust.ca_file.c_str(), "rb");
  std::string text;
  int error = file ? 0 : errno;
  if (file) {
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) text.append(buffer, n);
    if (std::ferror(file)) error = errno;  // a directory opens, and reading it fails (EISDIR)
    std::fclose(file);
  }
  if (error != 0) return unexpected_error("cannot read the CA file " + trust.ca_file + ": " + std::strerror(error));
  // What libcurl would otherwise refuse on every request, as CURLE_SSL_CACERT_BADFILE.
  if (text.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    return unexpected_error("the CA file " + trust.ca_file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }
  return {};
}

}  // namespace crawlbench::native
