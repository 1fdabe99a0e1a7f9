#include "tls_trust.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace crawlbench::native {

expected<void> check_tls_trust(const tls_trust& trust) {
  if (trust.ca_file.empty()) return {};
  std::ifstream in(trust.ca_file, std::ios::binary);
  std::string text;
  if (in) text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) {  // not opened, or a read failed (a directory: EISDIR)
    return unexpected_error("cannot read the CA file " + trust.ca_file + ": " + std::strerror(errno));
  }
  // What libcurl would otherwise refuse on every request, as CURLE_SSL_CACERT_BADFILE.
  if (text.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    return unexpected_error("the CA file " + trust.ca_file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }
  return {};
}

}  // namespace crawlbench::native
