#include "celery/names.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

namespace connplan::celery::detail {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Everything after the first '_' ("" when there is none).
std::string_view tail(std::string_view s) {
  auto pos = s.find('_');
  return pos == std::string_view::npos ? std::string_view{} : s.substr(pos + 1);
}

}  // namespace

bool is_upper_name(std::string_view name) {
  bool cased = false;
  for (char c : name) {
    if (std::islower(static_cast<unsigned char>(c))) return false;
    if (std::isupper(static_cast<unsigned char>(c))) cased = true;
  }
  return cased;
}

std::string prefixed(std::string_view prefix, std::string_view new_name) {
  std::string key = std::string(prefix) + std::string(new_name);
  return is_upper_name(prefix) ? upper(key) : lower(key);
}

const option* unprefix(const catalogue& cat, std::string_view prefix, std::string_view name) {
  if (prefix.empty() || name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix)
    return nullptr;
  // Only the exact spelling ConfigurationView looks up is read.
  const option* o = cat.find(lower(name.substr(prefix.size())));
  return o != nullptr && prefixed(prefix, o->name) == name ? o : nullptr;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      std::size_t cost = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                                 std::tolower(static_cast<unsigned char>(b[j - 1]))
                             ? 0
                             : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool looks_like_setting(const catalogue& cat, std::string_view name) {
  if (name.empty() || name.front() == '_') return false;
  if (is_upper_name(name)) {
    for (std::string_view start : {"CELERY", "BROKER_"}) {
      if (name.substr(0, start.size()) == start) return true;
    }
    return std::any_of(cat.options().begin(), cat.options().end(),
                       [&](const option& o) { return edit_distance(name, o.old_name) <= 2; });
  }
  std::string_view first = name.substr(0, name.find('_'));
  if (first.size() < name.size()) {
    for (const auto& o : cat.options()) {
      if (o.name.substr(0, o.name.find('_')) == first) return true;
    }
  }
  return std::any_of(cat.options().begin(), cat.options().end(),
                     [&](const option& o) { return edit_distance(name, o.name) <= 2; });
}

std::optional<std::string> did_you_mean(std::string_view name,
                                        const std::vector<std::string>& candidates) {
  std::size_t best = std::numeric_limits<std::size_t>::max();
  const std::string* choice = nullptr;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(name, c);
    if (d < best || (d == best && choice != nullptr && c < *choice)) {
      best = d;
      choice = &c;
    }
  }
  if (choice != nullptr && best <= std::max<std::size_t>(2, name.size() / 5)) return *choice;
  // `CELERY_CONCURRENCY`: the words after the first one name a setting by its last words.
  std::string words = "_" + lower(tail(name));
  if (words.size() < 2) return std::nullopt;
  std::optional<std::string> only;
  for (const auto& c : candidates) {
    std::string lc = lower(c);
    if (lc.size() > words.size() &&
        lc.compare(lc.size() - words.size(), words.size(), words) == 0) {
      if (only) return std::nullopt;  // ambiguous
      only = c;
    }
  }
  if (only) return only;
  // `task_soft_limit`: the name's words appear, in order, among one candidate's words.
  auto split = [](std::string_view x) {
    std::vector<std::string> out;
    std::string w;
    for (char c : x) {
      if (c == '_') {
        if (!w.empty()) out.push_back(std::move(w));
        w.clear();
      } else {
        w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    }
    if (!w.empty()) out.push_back(std::move(w));
    return out;
  };
  std::vector<std::string> mine = split(name);
  if (mine.size() < 2) return std::nullopt;
  for (const auto& c : candidates) {
    std::vector<std::string> theirs = split(c);
    std::size_t i = 0;
    for (const auto& t : theirs) {
      if (i < mine.size() && t == mine[i]) ++i;
    }
    if (i == mine.size()) {
      if (only) return std::nullopt;  // ambiguous
      only = c;
    }
  }
  return only;
}

}  // namespace connplan::celery::detail
