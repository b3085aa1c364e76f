// Deterministic generated inputs for the benchmarks: the same size argument always gives the same
// bytes, so runs on different days and machines measure the same work. Sizes are in bytes; every
// generator stops at the first whole block at or past the requested size.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace connplan::bench {

// The 1× size of every text input; the benchmarks run at 1×, 10× and 100× of it.
inline constexpr std::size_t base_bytes = 64 * 1024;

// ---- postgresql.conf --------------------------------------------------------------------------
// Mostly comments, as postgresql.conf.sample is (about 1 setting in 20 lines).
[[nodiscard]] std::string pg_comment_heavy(std::size_t bytes);
// The same few settings over and over (a file appended to by scripts): PostgreSQL's own reader is
// quadratic on it (guc-file.l keeps every line and replaces earlier ones by a list walk).
[[nodiscard]] std::string pg_repeated_settings(std::size_t bytes);
// A handful of settings whose quoted values are very long lines.
[[nodiscard]] std::string pg_long_lines(std::size_t bytes);

// ---- pgbouncer.ini ----------------------------------------------------------------------------
// [databases] with many entries, [users], [pgbouncer] with comments between keys.
[[nodiscard]] std::string pgbouncer_ini(std::size_t bytes);

// ---- Python -----------------------------------------------------------------------------------
// A Django settings module in the shape real ones have: comments, environment lookups, dicts of
// dicts, lists of strings, f-strings, branches.
[[nodiscard]] std::string python_settings(std::size_t bytes);
// One huge dict literal (`SETTINGS = {"k0": {...}, ...}`).
[[nodiscard]] std::string python_huge_dict(std::size_t bytes);
// Deeply nested brackets and long expressions, below connplan's nesting limits.
[[nodiscard]] std::string python_deep_nesting(std::size_t bytes);
// Few statements, each one very long line.
[[nodiscard]] std::string python_long_lines(std::size_t bytes);
// Comment lines and docstrings with very little code.
[[nodiscard]] std::string python_comment_heavy(std::size_t bytes);

// `INSTALLED_APPS += [...]` over and over: the evaluator logs every store with a deep copy of the
// stored list (src/pyeval/interpreter.cpp log_write), so this is quadratic today.
[[nodiscard]] std::string python_list_growth(std::size_t bytes);

// ---- files ------------------------------------------------------------------------------------
// A fresh directory under the system temp dir, removed with its contents when destroyed.
class temp_tree {
 public:
  temp_tree();
  ~temp_tree();
  temp_tree(const temp_tree&) = delete;
  temp_tree& operator=(const temp_tree&) = delete;

  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }
  // Writes `text` to dir()/relative (parents created) and returns the full path.
  std::filesystem::path write(const std::string& relative, const std::string& text) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace connplan::bench
