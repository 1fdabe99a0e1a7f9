#include "tls_context.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
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

using key_ptr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

// The private key in a PEM file; an encrypted one is refused (no passphrase callback asks the
// terminal), or an error naming the file and OpenSSL's reason.
expected<key_ptr> read_private_key(const std::string& path) {
  std::unique_ptr<BIO, decltype(&BIO_free)> file{BIO_new_file(path.c_str(), "rb"), BIO_free};
  const auto no_passphrase = [](char*, int, int, void*) { return 0; };
  key_ptr key{file ? PEM_read_bio_PrivateKey(file.get(), nullptr, no_passphrase, nullptr) : nullptr, EVP_PKEY_free};
  if (!key) return unexpected_error("the key " + path + " cannot be used: " + openssl_errors());
  return key;
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
  if (SSL_CTX_use_certificate_chain_file(ctx, files.cert_file.c_str()) != 1) {
    return unexpected_error("the certificate " + files.cert_file + " cannot be used: " + openssl_errors());
  }
  X509* certificate = SSL_CTX_get0_certificate(ctx);
  auto key = read_private_key(files.key_file);
  if (!key) return unexpected(std::move(key).error());
  if (X509_check_private_key(certificate, key->get()) != 1) {
    return unexpected_error("the key " + files.key_file + " does not match the certificate " + files.cert_file + ": " +
                            openssl_errors());
  }
  if (SSL_CTX_use_PrivateKey(ctx, key->get()) != 1) {
    return unexpected_error("the key " + files.key_file + " cannot be used: " + openssl_errors());
  }
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) {
    return unexpected_error("cannot require TLS 1.2: " + openssl_errors());
  }
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_alpn_select_cb(ctx, select_http11, nullptr);
  return context;
}

}  // namespace crawlbench::server
