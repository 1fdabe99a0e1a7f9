#include "crawlbench/ui/url_list_field.hpp"

#include "crawlbench/url_list.hpp"
#include "crawlbench/url_list_file.hpp"

namespace crawlbench::ui {

void url_list_field::edited() {
  source = pasted_source;
  show_file(std::move(text), source);
}

void url_list_field::show_file(std::string loaded, std::string name) {
  text = std::move(loaded);
  source = std::move(name);
  const auto urls = read_url_list(text, source);
  count = urls ? urls->size() : 0;
  problem = urls ? std::string() : urls.error().message;
}

expected<void> url_list_field::load() {
  auto loaded = read_url_list_file(path);
  if (!loaded) return unexpected(std::move(loaded).error());
  show_file(*std::move(loaded), path);
  return {};
}

void url_list_field::show(const url_list_target& list) {
  std::string lines;
  for (const auto& url : list.urls) lines += url + "\n";
  note = list.urls.empty() ? std::string(shared_list_note) : std::string();
  show_file(std::move(lines), std::string(pasted_source));
}

bool url_list_field::awaiting_urls() const noexcept {
  return !note.empty() && text.find_first_not_of(" \t\r\n") == std::string::npos;
}

expected<server_target> url_list_field::target() const {
  if (awaiting_urls()) return unexpected_error(note);
  auto urls = read_url_list(text, source);
  if (!urls) return unexpected(std::move(urls).error());
  return server_target{url_list_target{*std::move(urls)}};
}

}  // namespace crawlbench::ui
