#include "engine/selection.hpp"

#include <algorithm>
#include <cctype>

#include "project/gitignore.hpp"

namespace connplan::engine {
namespace {

bool matches(std::string_view selector, std::string_view code) {
  return selector == "ALL" || code.substr(0, selector.size()) == selector;
}

bool any_matches(const std::vector<std::string>& selectors, std::string_view code) {
  return std::any_of(selectors.begin(), selectors.end(),
                     [&](const auto& s) { return matches(s, code); });
}

}  // namespace

std::optional<std::string> normalise_selector(std::string_view text) {
  std::string s;
  for (char c : text) s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (s == "ALL") return s;
  if (s.size() < 2 || s.size() > 5 || s.substr(0, 2) != "CP") return std::nullopt;
  for (std::size_t i = 2; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  }
  return s;
}

bool selection::enabled(std::string_view code) const {
  // As ruff: the more specific selector wins between select and ignore; here ignore wins when both
  // match with equal length, so `--select CP1 --ignore CP102` reports CP101 but not CP102.
  std::size_t best_select = 0, best_ignore = 0;
  bool selected = select.empty();
  for (const auto& s : select) {
    if (matches(s, code)) {
      selected = true;
      best_select = std::max(best_select, s == "ALL" ? std::size_t{1} : s.size());
    }
  }
  for (const auto& s : extend_select) {
    if (matches(s, code)) {
      selected = true;
      best_select = std::max(best_select, s == "ALL" ? std::size_t{1} : s.size());
    }
  }
  if (!selected) return false;
  for (const auto& s : ignore) {
    if (matches(s, code))
      best_ignore = std::max(best_ignore, s == "ALL" ? std::size_t{1} : s.size());
  }
  return best_ignore == 0 || best_select > best_ignore;
}

bool selection::ignored_in(std::string_view path, std::string_view code) const {
  for (const auto& [glob, codes] : per_file_ignores) {
    if (glob_match(glob, path) && any_matches(codes, code)) return true;
  }
  return false;
}

std::vector<finding> apply(std::vector<finding> findings, const selection& s) {
  std::vector<finding> kept;
  for (auto& f : findings) {
    if (!s.enabled(f.code)) continue;
    if (f.location && s.ignored_in(f.location->file, f.code)) continue;
    // The longest matching override wins ("CP5" then "CP503").
    std::size_t best = 0;
    for (const auto& [selector, level] : s.severity_overrides) {
      if (matches(selector, f.code) && selector.size() > best) {
        best = selector.size();
        f.severity = level;
      }
    }
    kept.push_back(std::move(f));
  }
  std::stable_sort(kept.begin(), kept.end(), canonical_less);
  return kept;
}

std::optional<fail_level> parse_fail_level(std::string_view text) {
  if (text == "error") return fail_level::error;
  if (text == "warning") return fail_level::warning;
  if (text == "info") return fail_level::info;
  if (text == "never") return fail_level::never;
  return std::nullopt;
}

int exit_code(const std::vector<finding>& findings, fail_level level) {
  if (level == fail_level::never) return 0;
  auto rank = [](severity s) { return s == severity::error ? 0 : s == severity::warning ? 1 : 2; };
  int threshold = level == fail_level::error ? 0 : level == fail_level::warning ? 1 : 2;
  return std::any_of(findings.begin(), findings.end(),
                     [&](const finding& f) { return rank(f.severity) <= threshold; })
             ? 1
             : 0;
}

summary summarise(const std::vector<finding>& findings) {
  summary s;
  for (const auto& f : findings) {
    if (f.severity == severity::error) ++s.error;
    if (f.severity == severity::warning) ++s.warning;
    if (f.severity == severity::info) ++s.info;
  }
  return s;
}

}  // namespace connplan::engine
