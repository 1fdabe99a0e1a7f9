#pragma once
// The plan digest result files carry (result_document.hpp): "sha256:" and the SHA-256 (OpenSSL's
// EVP interface) of plan_digest_input and `how`, in lowercase hex. The segments of one plan share it;
// `crawlbench merge` refuses files whose digests differ.
#include <string>
#include <string_view>

#include "crawlbench/crawl_plan.hpp"
#include "crawlbench/target.hpp"

namespace crawlbench::cli {

// `how`: what the plan does not hold but the measurement depends on, as a line ("transport curl
// tls"): segments run over different clients are different plans. Throws std::runtime_error when
// OpenSSL cannot compute a SHA-256 (a broken installation).
[[nodiscard]] std::string plan_digest(const crawl_plan& plan, const server_target& server, std::string_view how);

}  // namespace crawlbench::cli
