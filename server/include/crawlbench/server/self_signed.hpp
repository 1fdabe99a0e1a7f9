#pragma once
// A certificate for local HTTPS (crawlbench-server --tls-self-signed DIR, and the embedded server
// of `crawlbench run --tls`): made with OpenSSL's library, never by running the openssl command.

#include <string>

#include "crawlbench/expected.hpp"
#include "crawlbench/server/delay_server.hpp"

namespace crawlbench::server {

inline constexpr int self_signed_days = 7;  // a few days: a certificate for a session's experiments

// Makes a fresh EC P-256 key and a self-signed certificate (SHA-256) for the loopback names:
// subjectAltName IP:127.0.0.1, IP:::1, DNS:localhost; CN 127.0.0.1; valid from an hour ago (clock
// skew) for `days` days. Writes DIR/cert.pem (mode 0644) and DIR/key.pem (mode 0600 from its
// creation on), each through a temporary file and rename(): a reader sees the old file or the new
// one, never a torn one. DIR is made (mode 0700) when it does not exist; its parents are not.
// The two files, or an error naming the file or directory and the reason (errno's or OpenSSL's).
[[nodiscard]] expected<tls_files> make_self_signed(const std::string& dir, int days = self_signed_days);

}  // namespace crawlbench::server
