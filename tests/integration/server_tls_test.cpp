// crawlbench-server over HTTPS: a real TLS client (OpenSSL, verifying the certificate and the
// address) against --tls-self-signed and --tls-cert/--tls-key, on 127.0.0.1 with ephemeral ports.
#include <catch2/catch.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "crawlbench/server/self_signed.hpp"
#include "http_probe.hpp"
#include "server_fixture.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
struct tls_answer {
  std::string error;  // the handshake's failure, OpenSSL's words; empty when it succeeded
  std::string alpn;   // the protocol the server chose, empty when none
  int status = 0;
  std::string body;
};

const std::vector<unsigned char> offer_http11{8, 'h', 't', 't', 'p', '/', '1', '.', '1'};

// GET `target` over TLS on a fresh connection to 127.0.0.1:port, trusting only `ca_file` and
// checking that the certificate names 127.0.0.1; every read and write within 5 s.
tls_answer tls_get(std::uint16_t port, const std::string& ca_file, const std::string& target,
                   const std::vector<unsigned char>& alpn = offer_http11) {
  test::connection c{port};
  const timeval five_seconds{5, 0};
  ::setsockopt(c.fd(), SOL_SOCKET, SO_RCVTIMEO, &five_seconds, sizeof five_seconds);
  ::setsockopt(c.fd(), SOL_SOCKET, SO_SNDTIMEO, &five_seconds, sizeof five_seconds);
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx{SSL_CTX_new(TLS_client_method()), SSL_CTX_free};
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  REQUIRE(SSL_CTX_load_verify_locations(ctx.get(), ca_file.c_str(), nullptr) == 1);
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl{SSL_new(ctx.get()), SSL_free};
  REQUIRE(X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl.get()), "127.0.0.1") == 1);
  REQUIRE(SSL_set_alpn_protos(ssl.get(), alpn.data(), static_cast<unsigned>(alpn.size())) == 0);
  SSL_set_fd(ssl.get(), c.fd());
  tls_answer answer;
  if (SSL_connect(ssl.get()) != 1) {
    char text[256];
    ERR_error_string_n(ERR_get_error(), text, sizeof text);
    answer.error = text;
    return answer;
  }
  const unsigned char* chosen = nullptr;
  unsigned chosen_length = 0;
  SSL_get0_alpn_selected(ssl.get(), &chosen, &chosen_length);
  answer.alpn.assign(reinterpret_cast<const char*>(chosen), chosen_length);
  const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  REQUIRE(SSL_write(ssl.get(), request.data(), static_cast<int>(request.size())) == static_cast<int>(request.size()));
  std::string raw;
  char buffer[4096];
  for (int n; (n = SSL_read(ssl.get(), buffer, sizeof buffer)) > 0;) raw.append(buffer, static_cast<std::size_t>(n));
  REQUIRE(raw.size() > 12);
  answer.status = std::stoi(raw.substr(9, 3));
  answer.body = raw.substr(raw.find("\r\n\r\n") + 4);
  return answer;
}

// Runs `crawlbench-server ARGS` to its end: its stdout and stderr, and its exit status.
int run_server_binary(const std::vector<std::string>& args, std::string& output) {
  std::string command = std::string("'") + CRAWLBENCH_SERVER_BINARY + "' --port 0";
  for (const auto& a : args) command += " '" + a + "'";
  return test::run_in_shell(command, output);
}

server::tls_files self_signed_in(const std::filesystem::path& dir) {
  auto files = server::make_self_signed(dir.string());
  if (!files) FAIL(files.error().message);
  return *files;
}
}  // namespace

TEST_CASE("server tls binary with --tls-self-signed prints https URLs, writes a 0600 key, and serves a verified client") {
  const auto folder = test::fresh_folder("tls-binary");
  const auto dir = folder / "tls";
  test::child_process child{CRAWLBENCH_SERVER_BINARY,
                            {"--port", "0", "--extra-ports", "1", "--metrics-file", (folder / "m.json").string(),
                             "--tls-self-signed", dir.string()}};
  const auto first = child.line(), second = child.line(), said = child.line();
  REQUIRE(first.rfind("listening on https://127.0.0.1:", 0) == 0);
  REQUIRE(second.rfind("listening on https://127.0.0.1:", 0) == 0);
  const std::string cert = (dir / "cert.pem").string();
  CHECK(said == "crawlbench-server: self-signed certificate in " + cert + ": trust it with --cacert " + cert + "\n");
  struct stat key_status {};
  REQUIRE(::stat((dir / "key.pem").c_str(), &key_status) == 0);
  CHECK((key_status.st_mode & 0777) == 0600);
  CHECK_FALSE(std::filesystem::exists(dir / "key.pem.tmp"));

  const auto port = static_cast<std::uint16_t>(std::stoi(first.substr(first.rfind(':') + 1)));
  const auto dot = tls_get(port, cert, "/add?name=tls&delay=5");
  INFO(dot.error);
  CHECK(dot.status == 200);
  CHECK(dot.body == ".");
  CHECK(dot.alpn == "http/1.1");
  const auto origins = nlohmann::json::parse(tls_get(port, cert, "/origins").body)["origins"];
  REQUIRE(origins.size() == 2);
  CHECK(origins[0].get<std::string>() + "\n" == first.substr(std::string("listening on ").size()));
  std::filesystem::remove_all(folder);
}

TEST_CASE("server tls refuses a bad, missing or mismatched certificate or key with exit 2 naming the file and reason") {
  const auto folder = test::fresh_folder("tls-bad");
  const auto ours = self_signed_in(folder / "ours"), other = self_signed_in(folder / "other");
  const auto junk = (folder / "junk.pem").string();
  std::ofstream(junk) << "not a PEM file\n";
  const auto missing = (folder / "missing.pem").string();
  const auto encrypted = (folder / "encrypted.pem").string();  // would need a passphrase: refused, never asked for
  std::string made;
  REQUIRE(test::run_in_shell("openssl pkey -in '" + ours.key_file + "' -aes256 -passout pass:secret -out '" + encrypted + "'", made) == 0);
  const struct {
    std::vector<std::string> args;
    std::string says;
  } cases[] = {
      {{"--tls-cert", missing, "--tls-key", ours.key_file}, "cannot read the certificate " + missing + ": No such file or directory"},
      {{"--tls-cert", ours.cert_file, "--tls-key", missing}, "cannot read the key " + missing + ": No such file or directory"},
      {{"--tls-cert", junk, "--tls-key", ours.key_file}, "the certificate " + junk + " cannot be used: error:"},
      {{"--tls-cert", ours.cert_file, "--tls-key", junk}, "the key " + junk + " cannot be used: error:"},
      {{"--tls-cert", ours.cert_file, "--tls-key", encrypted}, "the key " + encrypted + " cannot be used: error:"},
      {{"--tls-cert", ours.cert_file, "--tls-key", other.key_file},
       "the key " + other.key_file + " does not match the certificate " + ours.cert_file + ": error:"},
      {{"--tls-self-signed", "/proc/crawlbench-no-such-dir"}, "cannot make the directory /proc/crawlbench-no-such-dir: "},
      {{"--tls-cert", ours.cert_file}, "--tls-cert requires --tls-key"},
      {{"--tls-self-signed", (folder / "d").string(), "--tls-cert", ours.cert_file, "--tls-key", ours.key_file}, "excludes"},
  };
  for (const auto& c : cases) {
    std::string output;
    INFO(c.says);
    CHECK(run_server_binary(c.args, output) == 2);
    CHECK(output.find(c.says) != std::string::npos);
    CHECK(output.find("listening on") == std::string::npos);
    INFO(output);
  }
  std::filesystem::remove_all(folder);
}

TEST_CASE("server tls with --tls-cert and --tls-key serves them, and a client that never handshakes blocks nobody") {
  const auto folder = test::fresh_folder("tls-idle");
  server::server_options o;
  o.tls = self_signed_in(folder / "tls");
  o.read_timeout = 400ms;  // the handshake's bound too
  test::running_server s{o, "tls-idle-server"};
  CHECK(s.server.url().rfind("https://127.0.0.1:", 0) == 0);

  test::connection silent{s.port()};  // connects, sends nothing
  const auto answer = tls_get(s.port(), o.tls->cert_file, "/add?name=t&delay=0");
  INFO(answer.error);
  CHECK(answer.status == 200);
  CHECK(silent.closed_by_peer(3s));  // dropped at the read timeout, not held forever

  test::connection plain{s.port()};  // plain HTTP to an HTTPS listener: that connection closes
  plain.send("GET /add?delay=0 HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(plain.closed_by_peer(3s));
  CHECK(tls_get(s.port(), o.tls->cert_file, "/healthz").status == 200);
  std::filesystem::remove_all(folder);
}

TEST_CASE("server tls answers ALPN with http/1.1 only, and a client trusting another certificate is refused") {
  const auto folder = test::fresh_folder("tls-alpn");
  server::server_options o;
  o.tls = self_signed_in(folder / "tls");
  test::running_server s{o, "tls-alpn-server"};
  const std::vector<unsigned char> h2_only{2, 'h', '2'};
  const auto h2 = tls_get(s.port(), o.tls->cert_file, "/add?name=t&delay=0", h2_only);
  INFO(h2.error);
  CHECK(h2.alpn.empty());  // no h2 is spoken; HTTP/1.1 still is
  CHECK(h2.status == 200);
  const std::vector<unsigned char> both{2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  CHECK(tls_get(s.port(), o.tls->cert_file, "/add?name=t&delay=0", both).alpn == "http/1.1");

  const auto other = self_signed_in(folder / "other");
  const auto refused = tls_get(s.port(), other.cert_file, "/add?name=t&delay=0");
  CHECK(refused.status == 0);
  CHECK(refused.error.find("certificate verify failed") != std::string::npos);
  CHECK(tls_get(s.port(), o.tls->cert_file, "/add?name=t&delay=0").status == 200);  // the server goes on
  std::filesystem::remove_all(folder);
}
