// The non-YAML launch-file readers and what they share: byte offsets to 1-based locations,
// quoting words for sh, naming a process by the program its command starts. Each reader is pure:
// text + display path + options → launch_file (read_launch_file dispatches to them).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
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

// Expansions — YAML aliases, variables that repeat variables (`A=$A$A`, `ENV A=$A$A`,
// `%(ENV_A)s%(ENV_A)s`, `$(A)$(A)`) — can make a file of a few kilobytes describe gigabytes of
// commands (found by fuzz_launch_files as an out-of-memory). Each reader charges what it builds
// (commands, environment values, processes) to one budget per file; when the budget is spent the
// rest of the file is not read: CP006 once, the file incomplete, so that the planner reports
// the demand as unknown instead of planning with part of the file (docs/robustness.md).
inline constexpr std::size_t max_output_bytes = std::size_t{8} << 20;  // per launch file
inline constexpr std::size_t max_output_processes = 10000;             // per launch file
// One value after expansion (a command, an environment variable): more is CP006 too.
inline constexpr std::size_t max_value_bytes = std::size_t{1} << 20;

class output_budget {
 public:
  explicit output_budget(launch_file& out) : out_(out) {}
  // Charges `bytes` built for the value at `where`; false once the file's budget is spent (the
  // first time with CP006 at `where`).
  bool take(std::size_t bytes, const source_location& where);
  // Charges one more process (its command, words and environment); false past the limits.
  bool take_process(const launched_process& p);
  [[nodiscard]] bool spent() const { return spent_; }

 private:
  void report(const source_location& where, const std::string& what);
  launch_file& out_;
  std::size_t bytes_ = 0;
  std::size_t processes_ = 0;
  bool spent_ = false;
};

// The white space of a regular expression's `\s` (space, \t, \n, \v, \f, \r): the hand-written
// matchers of shebangs and heredocs keep the meaning of the patterns they replaced.
[[nodiscard]] constexpr bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// A value longer than max_value_bytes after expansion: CP006 at `where`, the file incomplete.
void report_value_too_long(launch_file& out, const source_location& where, std::string_view what);

// Process names made unique as a reader adds them, like unique_name, in constant time per name:
// a script whose functions call functions starts thousands of processes of one name, and
// probing `gunicorn-2`, `gunicorn-3`… over every process each time was cubic (a hang found by
// fuzz_launch_files). Every name of the file must go through the same registry.
class name_registry {
 public:
  [[nodiscard]] std::string unique(const std::string& base);

 private:
  std::unordered_set<std::string> taken_;
  std::unordered_map<std::string, int> next_;  // base → the next suffix to try
};

// `base`, or `base-2`, `base-3`… if a process of `file` already has that name.
[[nodiscard]] std::string unique_name(const launch_file& file, const std::string& base);

// The text with "\r\n" read as "\n" (Python's universal newlines, systemd's and Docker's
// readers); lone '\r' is kept. Offsets of the result are offsets of the result, so readers
// that locate by offset index the converted text.
[[nodiscard]] std::string without_cr(std::string_view text);

}  // namespace connplan::launchfiles::detail
