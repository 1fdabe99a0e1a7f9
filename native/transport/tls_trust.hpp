#pragma once
// Which servers a native crawl believes over https: crawlbench run's --cacert and --insecure, and
// --tls's embedded server. libcurl's CURLOPT_CAINFO, CURLOPT_SSL_VERIFYPEER and
// CURLOPT_SSL_VERIFYHOST (curl_transport.hpp). A default tls_trust is libcurl's own: the
// system's CA certificates, the certificate and the name checked.
#include <string>

#include "crawlbench/expected.hpp"

namespace crawlbench::native {

struct tls_trust {
  std::string ca_file;    // trust the certificates in this PEM file instead of the system's; empty: the system's
  bool insecure = false;  // check neither the certificate nor the name (the output says so)
};

// Success, or why `trust` cannot be used, checked before anything is sent: a ca_file that cannot
// be read ("cannot read the CA file F: No such file or directory") or holds no PEM certificate.
[[nodiscard]] expected<void> check_tls_trust(const tls_trust& trust);

}  // namespace crawlbench::native
