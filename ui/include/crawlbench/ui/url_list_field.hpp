#pragma once
// The run panel's URL list as the user gives it (issue 19): URLs pasted into a text box, one per
// line with '#' comments as in `crawlbench run --urls`, or loaded from a file (natively by its
// path; on the web through the browser's file picker), and the url_list_target it names, read by
// core's read_url_list (url_list.hpp) when Run is pressed. Nothing is sent while a line is bad.
#include <cstddef>
#include <string>

#include "crawlbench/expected.hpp"
#include "crawlbench/target.hpp"

namespace crawlbench::ui {

// The problem and the URL count errors and the panel name a pasted list by ("pasted:3: ...").
inline constexpr std::string_view pasted_source = "pasted";

struct url_list_field {
  std::string text;                         // as pasted or loaded
  std::string source{pasted_source};        // where `text` came from: "pasted", or the file loaded
  std::string path;                         // natively: the file Load reads
  // Why the list is empty when a share link filled the panel: a link carries only the count.
  std::string note;
  // What `text` holds, worked out by edited() (the panel shows it as the user types).
  std::size_t count = 0;
  std::string problem;  // read_url_list's "SOURCE:LINE: reason"; empty when every line is fine

  // The text changed (typed or pasted): it is the user's now ("pasted"), and checked again.
  void edited();
  // Puts `loaded` from the file `name` in the box (its lines are named "NAME:LINE") and checks it.
  void show_file(std::string loaded, std::string name);
  // Reads the file at `path` into the box: success, or "PATH: cannot open it: ..." (the box is
  // left as it was).
  expected<void> load();
  // Shows `list`: its URLs, one a line; an empty one (a share link's) empties the box and says why.
  void show(const url_list_target& list);
  // The box is empty and a share link's note says why: the panel shows the note.
  [[nodiscard]] bool awaiting_urls() const noexcept;
  // The list typed, or what is wrong: read_url_list's "SOURCE:LINE: reason", "SOURCE: no URLs in
  // it", or, for a share link's empty list, the note.
  [[nodiscard]] expected<server_target> target() const;
};

// What the panel says when a share link's list arrives empty.
inline constexpr std::string_view shared_list_note =
    "This share link carries only the number of URLs, not the URLs themselves (a URL may hold a token): "
    "paste the list again, or load its file, to run again.";

}  // namespace crawlbench::ui
