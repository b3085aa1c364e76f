// The non-YAML launch-file readers and what they share: byte offsets to 1-based locations,
// quoting words for sh, naming a process by the program its command starts. Each reader is pure:
// text + display path + options → launch_file (read_launch_file dispatches to them).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/command_line.hpp"
#include "connplan/launch_files.hpp"

namespace connplan::launchfiles::detail {

[[nodiscard]] launch_file read_dockerfile(std::string_view text, std::string display_path,
                                          const read_options& options);
[[nodiscard]] launch_file read_shell_script(std::string_view text, std::string display_path,
                                            const read_options& options);
[[nodiscard]] launch_file read_procfile(std::string_view text, std::string display_path,
                                        const read_options& options);
[[nodiscard]] launch_file read_systemd_unit(std::string_view text, std::string display_path,
                                            const read_options& options);
[[nodiscard]] launch_file read_supervisord(std::string_view text, std::string display_path,
                                           const read_options& options);

// Byte offsets of one text → 1-based line and byte column.
class line_index {
 public:
  explicit line_index(std::string_view text);
  [[nodiscard]] source_position position(std::size_t offset) const;
  // [begin, end) as a location with an inclusive end.
  [[nodiscard]] source_location location(const std::string& file, std::size_t begin,
                                         std::size_t end) const;

 private:
  std::vector<std::size_t> starts_;
};

// One word quoted for sh so that the shell gives back exactly `word` (single quotes unless the
// word needs none).
[[nodiscard]] std::string quote_word(std::string_view word);
// Words quoted and joined by spaces.
[[nodiscard]] std::string join_quoted(const std::vector<std::string>& words);

// The process name for a command line: "gunicorn", "uvicorn", "daphne", "celery-worker",
// "celery-beat", "celery-multi", "manage.py-CMD"; otherwise the basename of the first program
// word; empty when the command has no words.
[[nodiscard]] std::string process_name_for(std::string_view command,
                                           const std::map<std::string, std::string>& env);

[[nodiscard]] std::string process_name_for(const launch::command& c);

// `base`, or `base-2`, `base-3`… if a process of `file` already has that name.
[[nodiscard]] std::string unique_name(const launch_file& file, const std::string& base);

// The text with "\r\n" read as "\n" (Python's universal newlines, systemd's and Docker's
// readers); lone '\r' is kept. Offsets of the result are offsets of the result, so readers
// that locate by offset index the converted text.
[[nodiscard]] std::string without_cr(std::string_view text);

}  // namespace connplan::launchfiles::detail
