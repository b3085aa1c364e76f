// Paths as users see them: relative to the project root, '/' separators, no leading "./".
#pragma once

#include <filesystem>
#include <string>

namespace connplan {

struct project_root {
  std::filesystem::path dir;   // absolute, lexically normal
  bool allow_outside = false;  // --allow-outside-root

  // Display path of `p` (absolute or relative to the current directory).
  [[nodiscard]] std::string display(const std::filesystem::path& p) const;
  // Whether `p` (after resolving symlinks where it exists) lies inside the root.
  [[nodiscard]] bool contains(const std::filesystem::path& p) const;
  // May connplan read `p`? (inside the root, or --allow-outside-root)
  [[nodiscard]] bool may_read(const std::filesystem::path& p) const {
    return allow_outside || contains(p);
  }
};

// CONTRACTS.md §1: the directory of connplan.toml / .connplan.toml / pyproject.toml with
// [tool.connplan] found upward from `start`, else the git top level containing it, else `start`.
[[nodiscard]] project_root find_project_root(const std::filesystem::path& start);

}  // namespace connplan
