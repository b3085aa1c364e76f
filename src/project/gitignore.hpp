// .gitignore patterns as git reads them (gitignore(5)), for discovery: connplan does not read what
// the repository does not track.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace connplan {

// Glob matching with git's wildmatch rules: `*` and `?` do not cross '/', `**` does (as a whole
// path component), `[...]` classes with `!`/`^` negation and ranges, `\` escapes.
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view path);

class ignore_rules {
 public:
  // Adds the patterns of one .gitignore whose directory is `base` (relative to the root, "" for
  // the root itself, no trailing '/').
  void add(std::string_view gitignore_text, std::string base);
  // A pattern as `[project] exclude` writes it: relative to the root.
  void add_pattern(std::string_view pattern);

  // Whether `path` (relative to the root, '/'-separated) is ignored. Later rules win, `!`
  // re-includes.
  [[nodiscard]] bool ignored(std::string_view path, bool is_directory) const;

 private:
  struct rule {
    std::string base;     // directory of the .gitignore, relative to the root
    std::string pattern;  // without the leading '!' and trailing '/'
    bool negated = false;
    bool directory_only = false;
    bool anchored = false;  // contains a '/' other than a trailing one: relative to base
  };
  std::vector<rule> rules_;
};

}  // namespace connplan
