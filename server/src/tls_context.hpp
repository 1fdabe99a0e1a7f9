#pragma once
// The server side of HTTPS: one OpenSSL context per delay_server, loaded once before it listens,
// shared by every session's ssl_stream (OpenSSL contexts are safe to share across threads).
#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "crawlbench/expected.hpp"
#include "crawlbench/server/delay_server.hpp"

namespace crawlbench::server {

// A server context from PEM files: TLS 1.2 or later, ALPN answering "http/1.1" only (a client
// offering only h2 gets no ALPN answer, and speaks HTTP/1.1 or leaves), an encrypted key refused
// rather than its passphrase asked for on the terminal. The context, or an error naming the file
// and the reason: the system's ("No such file or directory") or OpenSSL's error strings
// ("error:0480006C:PEM routines::no start line"), or the key not matching the certificate.
[[nodiscard]] expected<std::shared_ptr<boost::asio::ssl::context>> load_tls_context(const tls_files& files);

// OpenSSL's queued errors of this thread as one line, the queue emptied ("unknown OpenSSL error"
// when it is empty).
[[nodiscard]] std::string openssl_errors();

}  // namespace crawlbench::server
