#include "tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace crawlbench::server {

namespace {
// ALPN's wire form of the one protocol offered: a length byte, then the name (RFC 7301 §3.1).
constexpr unsigned char http11_protocol[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};

// OpenSSL's ALPN callback: "http/1.1" when the client offers it; else no answer, not a failed
// handshake (RFC 7301 allows a server to ignore ALPN).
int select_http11(SSL*, const unsigned char** out, unsigned char* out_length, const unsigned char* offered,
                  unsigned int offered_length, void*) {
  unsigned char* chosen = nullptr;
  unsigned char chosen_length = 0;
  if (SSL_select_next_proto(&chosen, &chosen_length, http11_protocol, sizeof http11_protocol, offered, offered_length) !=
      OPENSSL_NPN_NEGOTIATED) {
    return SSL_TLSEXT_ERR_NOACK;
  }
  *out = chosen;
  *out_length = chosen_length;
  return SSL_TLSEXT_ERR_OK;
}

// Before OpenSSL reads it, so a missing file says so in the system's words.
expected<void> readable(const std::string& path, const std::string& what) {
  if (path.empty()) return unexpected_error("no " + what + " file given");
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return unexpected_error("cannot read the " + what + " " + path + ": " + std::strerror(errno));
  std::fclose(file);
  return {};
}
}  // namespace

std::string openssl_errors() {
  std::string out;
  while (const unsigned long code = ERR_get_error()) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    if (!out.empty()) out += "; ";
    out += text;
  }
  return out.empty() ? "unknown OpenSSL error" : out;
}

expected<std::shared_ptr<boost::asio::ssl::context>> load_tls_context(const tls_files& files) {
  if (auto cert = readable(files.cert_file, "certificate"); !cert) return unexpected(std::move(cert).error());
  if (auto key = readable(files.key_file, "key"); !key) return unexpected(std::move(key).error());
  auto context = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
  SSL_CTX* ctx = context->native_handle();
  ERR_clear_error();
  SSL_CTX_set_default_passwd_cb(ctx, [](char*, int, int, void*) { return 0; });  // no passphrase: refuse, never prompt
  if (SSL_CTX_use_certificate_chain_file(ctx, files.cert_file.c_str()) != 1) {
    return unexpected_error("the certificate " + files.cert_file + " cannot be used: " + openssl_errors());
  }
  // Kept: loading a key that does not match makes OpenSSL drop the certificate, and then say only
  // "no certificate assigned".
  std::unique_ptr<X509, decltype(&X509_free)> certificate{SSL_CTX_get0_certificate(ctx), X509_free};
  X509_up_ref(certificate.get());
  if (SSL_CTX_use_PrivateKey_file(ctx, files.key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    return unexpected_error("the key " + files.key_file + " cannot be used: " + openssl_errors());
  }
  EVP_PKEY* key = SSL_CTX_get0_privatekey(ctx);
  if (!key || X509_check_private_key(certificate.get(), key) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
    return unexpected_error("the key " + files.key_file + " does not match the certificate " + files.cert_file + ": " +
                            openssl_errors());
  }
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) {
    return unexpected_error("cannot require TLS 1.2: " + openssl_errors());
  }
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_alpn_select_cb(ctx, select_http11, nullptr);
  return context;
}

}  // namespace crawlbench::server
