#include "plan_digest.hpp"

#include <openssl/evp.h>

#include <stdexcept>

#include "crawlbench/result_document.hpp"

namespace crawlbench::cli {

std::string plan_digest(const crawl_plan& plan, const server_target& server, std::string_view how) {
  const std::string input = plan_digest_input(plan, server) + std::string(how) + "\n";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(input.data(), input.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL cannot compute a SHA-256");
  }
  constexpr char hex[] = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0xf]);
  }
  return out;
}

}  // namespace crawlbench::cli
