#include "connplan/paths.hpp"

#include <system_error>

namespace connplan {
namespace fs = std::filesystem;

namespace {

fs::path absolute_normal(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec) abs = p;
  abs = abs.lexically_normal();
  // "/srv/app/." normalises to "/srv/app/": drop the trailing separator so roots print alike.
  if (!abs.has_filename() && abs.has_parent_path() && abs != abs.root_path())
    abs = abs.parent_path();
  return abs;
}

// Resolves symlinks for the part of the path that exists, so a link out of the root is caught.
fs::path resolved(const fs::path& p) {
  std::error_code ec;
  fs::path r = fs::weakly_canonical(absolute_normal(p), ec);
  return ec ? absolute_normal(p) : r;
}

bool is_within(const fs::path& dir, const fs::path& p) {
  auto rel = p.lexically_relative(dir);
  if (rel.empty()) return false;
  auto first = rel.begin();
  return first == rel.end() || *first != "..";
}

bool has_tool_connplan(const fs::path& pyproject) {
  // A cheap textual check is enough to pick the root; the table itself is parsed with toml++
  // by the configuration loader.
  std::error_code ec;
  if (!fs::is_regular_file(pyproject, ec)) return false;
  FILE* f = std::fopen(pyproject.c_str(), "rb");
  if (f == nullptr) return false;
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && text.size() < (1u << 20))
    text.append(buf, n);
  std::fclose(f);
  return text.find("[tool.connplan") != std::string::npos;
}

}  // namespace

std::string project_root::display(const fs::path& p) const {
  fs::path abs = absolute_normal(p);
  fs::path rel = abs.lexically_relative(dir);
  if (rel.empty()) return abs.generic_string();
  std::string s = rel.generic_string();
  if (s == ".") return ".";
  if (s.starts_with("./")) s.erase(0, 2);
  return s;
}

bool project_root::contains(const fs::path& p) const {
  // Every file a run reads asks this, and resolving the root costs one readlink per component:
  // the last root resolved is remembered (per thread, so no lock; a run has one root).
  thread_local fs::path last_dir;
  thread_local fs::path last_resolved;
  if (last_dir.empty() || last_dir != dir) {
    last_resolved = resolved(dir);
    last_dir = dir;
  }
  return is_within(last_resolved, resolved(p));
}

project_root find_project_root(const fs::path& start) {
  fs::path begin = absolute_normal(start);
  std::error_code ec;
  if (!fs::is_directory(begin, ec)) begin = begin.parent_path();
  for (fs::path d = begin;; d = d.parent_path()) {
    if (fs::exists(d / "connplan.toml", ec) || fs::exists(d / ".connplan.toml", ec) ||
        has_tool_connplan(d / "pyproject.toml")) {
      return project_root{d, false};
    }
    if (d == d.root_path() || d.parent_path() == d) break;
  }
  for (fs::path d = begin;; d = d.parent_path()) {
    if (fs::exists(d / ".git", ec)) return project_root{d, false};
    if (d == d.root_path() || d.parent_path() == d) break;
  }
  return project_root{begin, false};
}

}  // namespace connplan
