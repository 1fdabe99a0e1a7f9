#pragma once
// The plan digest result files carry (result_document.hpp): "sha256:" and the SHA-256 (OpenSSL's
// EVP interface) of plan_digest_input, in lowercase hex. The segments of one plan share it;
// `crawlbench merge` refuses files whose digests differ.
#include <string>

#include "crawlbench/crawl_plan.hpp"
#include "crawlbench/target.hpp"

namespace crawlbench::cli {

// Throws std::runtime_error when OpenSSL cannot compute a SHA-256 (a broken installation).
[[nodiscard]] std::string plan_digest(const crawl_plan& plan, const server_target& server);

}  // namespace crawlbench::cli
