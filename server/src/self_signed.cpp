#include "crawlbench/server/self_signed.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "tls_context.hpp"

namespace crawlbench::server {

namespace {
using key_ptr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using certificate_ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using bio_ptr = std::unique_ptr<BIO, decltype(&BIO_free)>;

constexpr std::string_view loopback_names = "IP:127.0.0.1,IP:::1,DNS:localhost";

// One v3 extension in OpenSSL's configuration syntax ("critical,CA:TRUE"), the certificate its own issuer.
bool add_extension(X509* certificate, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  if (!extension) return false;
  const bool added = X509_add_ext(certificate, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  return added;
}

// A random positive 63-bit serial number (RFC 5280 §4.1.2.2: unique per issuer; this issuer is new).
bool set_random_serial(X509* certificate) {
  std::uint64_t serial = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof serial) != 1) return false;
  return ASN1_INTEGER_set_uint64(X509_get_serialNumber(certificate), (serial >> 1) | 1) == 1;
}

// The certificate for `key`, self-signed; as `openssl req -x509` makes one (a CA that is its own
// leaf), so that trusting the file trusts the server.
expected<certificate_ptr> self_signed_certificate(EVP_PKEY* key, int days) {
  certificate_ptr certificate{X509_new(), X509_free};
  X509* c = certificate.get();
  X509_NAME* name = c ? X509_get_subject_name(c) : nullptr;
  const bool made =
      c && X509_set_version(c, X509_VERSION_3) == 1 && set_random_serial(c) &&
      X509_gmtime_adj(X509_getm_notBefore(c), -3600) && X509_gmtime_adj(X509_getm_notAfter(c), 86'400L * days) &&
      X509_set_pubkey(c, key) == 1 &&
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0) == 1 &&
      X509_set_issuer_name(c, name) == 1 && add_extension(c, NID_basic_constraints, "critical,CA:TRUE") &&
      add_extension(c, NID_subject_key_identifier, "hash") &&
      add_extension(c, NID_subject_alt_name, std::string(loopback_names).c_str()) && X509_sign(c, key, EVP_sha256()) > 0;
  if (!made) return unexpected_error("cannot make a self-signed certificate: " + openssl_errors());
  return certificate;
}

// What a memory BIO holds after `write` filled it, or nothing when `write` failed.
template <typename Write>
expected<std::string> pem_text(Write write) {
  bio_ptr bio{BIO_new(BIO_s_mem()), BIO_free};
  if (!bio || !write(bio.get())) return unexpected_error("cannot write PEM: " + openssl_errors());
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

// Writes `content` to `path` through path.tmp and rename(), the file's mode `mode` from its creation.
expected<void> write_file(const std::string& path, std::string_view content, mode_t mode) {
  const std::string temp = path + ".tmp";
  ::unlink(temp.c_str());  // a temporary file left by a run that died: O_EXCL below would refuse it
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return unexpected_error("cannot write " + temp + ": " + std::strerror(errno));
  bool written = ::fchmod(fd, mode) == 0;  // exactly `mode`, whatever the umask
  for (std::size_t done = 0; written && done < content.size();) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    written = n > 0;
    if (written) done += static_cast<std::size_t>(n);
  }
  const int saved = written ? 0 : errno;
  if (::close(fd) != 0 && written) written = false;
  if (written && ::rename(temp.c_str(), path.c_str()) == 0) return {};
  const std::string why = std::strerror(saved != 0 ? saved : errno);
  ::unlink(temp.c_str());
  return unexpected_error("cannot write " + path + ": " + why);
}

expected<void> make_directory(const std::string& dir) {
  if (dir.empty()) return unexpected_error("no directory given for the self-signed certificate");
  if (::mkdir(dir.c_str(), 0700) == 0 || errno == EEXIST) return {};
  return unexpected_error("cannot make the directory " + dir + ": " + std::strerror(errno));
}
}  // namespace

expected<tls_files> make_self_signed(const std::string& dir, int days) {
  if (auto made = make_directory(dir); !made) return unexpected(std::move(made).error());
  ERR_clear_error();
  key_ptr key{EVP_EC_gen("P-256"), EVP_PKEY_free};
  if (!key) return unexpected_error("cannot make a key: " + openssl_errors());
  auto certificate = self_signed_certificate(key.get(), days);
  if (!certificate) return unexpected(std::move(certificate).error());
  auto cert_pem = pem_text([&](BIO* bio) { return PEM_write_bio_X509(bio, certificate->get()) == 1; });
  auto key_pem = pem_text([&](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
  });
  if (!cert_pem || !key_pem) return unexpected(std::move(!cert_pem ? cert_pem : key_pem).error());
  const std::string base = dir.back() == '/' ? dir : dir + "/";
  tls_files files{base + "cert.pem", base + "key.pem"};
  if (auto written = write_file(files.key_file, *key_pem, 0600); !written) return unexpected(std::move(written).error());
  if (auto written = write_file(files.cert_file, *cert_pem, 0644); !written) return unexpected(std::move(written).error());
  return files;
}

}  // namespace crawlbench::server
