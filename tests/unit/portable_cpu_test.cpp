// The browser's CPU work (portable_cpu.hpp) and the CPU + I/O results' JSON (mixed_json.hpp).
#include <catch2/catch.hpp>

#include <string>

#include "crawlbench/mixed_json.hpp"
#include "crawlbench/portable_cpu.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

TEST_CASE("portable CPU task: the same item gives the same text, other items and rounds other texts") {
  portable_cpu_task a{1000, 8}, b{1001, 8};
  const auto first = a.run("abcdefghij");
  CHECK(first == a.run("abcdefghij"));
  CHECK(first.rfind("p$1000$", 0) == 0);
  CHECK(first.size() == std::string("p$1000$").size() + 16);
  CHECK(first != a.run("abcdefghik"));
  CHECK(first.substr(7) != b.run("abcdefghij").substr(7));
  CHECK(a.name().find("15.6 ms an item (bcrypt cost 8 in the book)") != std::string::npos);
}

TEST_CASE("portable CPU task: bcrypt's cost maps to the book's time per hash, doubling per step") {
  CHECK(to_seconds(bcrypt_equivalent(8)) == Approx(0.0156));
  CHECK(to_seconds(bcrypt_equivalent(10)) == Approx(0.0623));
  CHECK(to_seconds(bcrypt_equivalent(12)) == Approx(0.2487));
  CHECK(to_seconds(bcrypt_equivalent(9)) == Approx(0.0312));
  CHECK(to_seconds(bcrypt_equivalent(6)) == Approx(0.0039));
  CHECK(portable_cpu_task::describe(9).find("doubled per step") != std::string::npos);
}

TEST_CASE("portable CPU task: calibration on the real clock scales with the target") {
  real_clock time;
  const auto small = portable_cpu_task::calibrate(time, 2ms);
  const auto large = portable_cpu_task::calibrate(time, 200ms);
  CHECK(small >= 1);
  CHECK(large > 20 * small);  // 100 times the target; each measurement is noisy, not that noisy
}

TEST_CASE("mixed JSON: a run reads back as written, and bad text is refused with the field named") {
  mixed_result r;
  r.mode = mixed_mode::batched;
  r.cpu = "bcrypt cost 8";
  r.items = 600;
  r.delay_ms = 100;
  r.batch = 100;
  r.concurrency = 100;
  r.seconds = 10.5;
  r.cpu_seconds = 9.8;
  r.sent = 600;
  r.ok = 598;
  r.errors["status 500"] = 2;
  const auto back = read_mixed_run(write_mixed_run(r));
  REQUIRE(back.has_value());
  const auto& got = back.value();
  CHECK(got.mode == r.mode);
  CHECK(got.cpu == r.cpu);
  CHECK(got.items == 600);
  CHECK(got.seconds == 10.5);
  CHECK(got.cpu_seconds == 9.8);
  CHECK(got.ok == 598);
  CHECK(got.errors == r.errors);
  CHECK_FALSE(got.stopped);

  CHECK(read_mixed_run("{").error().message == "not JSON");
  CHECK(read_mixed_run(R"({"mode": "fast"})").error().message.find("mode") != std::string::npos);
  std::string more_ok = write_mixed_run(r);
  more_ok.replace(more_ok.find("\"ok\":598"), 8, "\"ok\":601");
  CHECK(read_mixed_run(more_ok).error().message.find("ok: expected a whole number from 0 to ") == 0);
}

TEST_CASE("mixed JSON: the document has each run's I/O overhead against noio and the book's figure") {
  mixed_result noio, async;
  noio.mode = mixed_mode::noio;
  noio.items = async.items = 600;
  noio.delay_ms = async.delay_ms = 100;
  noio.seconds = 10;
  async.mode = mixed_mode::async;
  async.seconds = 10.25;
  const auto doc = write_mixed_json({noio, async}, 8, "embedded");
  CHECK(doc.find("\"format\": \"crawlbench-mixed\"") != std::string::npos);
  CHECK(doc.find("\"io_overhead_s\": 0.25") != std::string::npos);
  CHECK(doc.find("\"book_seconds\": 9.77") != std::string::npos);  // the book's async at cost 8
  CHECK(doc.find("\"io_overhead_s\": null") != std::string::npos);  // noio's own
}

TEST_CASE("mixed JSON: negative, huge and non-finite numbers are refused with the field named") {
  const std::string good = R"({"mode":"async","items":10,"delay_ms":100,"batch":10,"concurrency":10,"seconds":1.5,)"
                           R"("cpu_seconds":1.0,"sent":10,"ok":10,"stopped":false,"errors":{},"cpu":"bcrypt cost 8"})";
  REQUIRE(read_mixed_run(good).has_value());
  const auto refused = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), to);
    const auto back = read_mixed_run(text);
    REQUIRE_FALSE(back.has_value());
    return back.error().message;
  };
  CHECK(refused("\"items\":10", "\"items\":-1") == "items: expected a whole number from 1 to 10,000,000");
  CHECK(refused("\"items\":10", "\"items\":18446744073709551615").find("items: expected") == 0);
  CHECK(refused("\"delay_ms\":100", "\"delay_ms\":-100") == "delay_ms: expected a whole number from 0 to 3,600,000");
  CHECK(refused("\"batch\":10", "\"batch\":0").find("batch: expected") == 0);
  CHECK(refused("\"seconds\":1.5", "\"seconds\":-1.5") == "seconds: expected a number from 0 to 9,200,000,000");
  CHECK(refused("\"seconds\":1.5", "\"seconds\":1e400") == "not JSON");  // past double's range
  CHECK(refused("\"sent\":10", "\"sent\":11") == "sent: expected a whole number from 0 to 10");
}
