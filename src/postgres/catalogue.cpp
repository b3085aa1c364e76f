// The per-version catalogue of PostgreSQL parameters: PostgreSQL 15's generated table with the
// hand-written deltas applied, indexed by lower-case name.
#include "postgres/catalogue.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "postgres/catalogue_detail.hpp"

namespace connplan::postgres {
namespace {

constexpr std::array<std::string_view, 7> versions{"12", "13", "14", "15", "16", "17", "18"};

int major_of(std::string_view v) {
  int n = 0;
  std::from_chars(v.data(), v.data() + v.size(), n);
  return n;
}

// Both bounds inclusive; an empty bound is open.
bool in_range(int version, std::string_view since, std::string_view until) {
  return (since.empty() || version >= major_of(since)) &&
         (until.empty() || version <= major_of(until));
}

std::string lower(std::string_view s) {
  std::string out(s);
  // guc.c compares names with guc_name_compare, an ASCII-only case fold.
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

using index = std::vector<std::pair<std::string, const parameter*>>;

// Built once per version at the first lookup, on every run: hashed, not scanned, so a cold
// `connplan check` does not pay (versions × parameters²) lower-casings at start-up.
index build(int version) {
  index out;
  std::unordered_set<std::string> present;
  for (const auto& r : detail::version_records()) {
    if (!in_range(version, r.since, r.until)) continue;
    present.insert(lower(r.record.name));
    out.emplace_back(lower(r.record.name), &r.record);
  }
  std::unordered_map<std::string, const detail::availability*> spans;
  for (const auto& a : detail::pg15_availability()) spans.emplace(lower(a.name), &a);  // first wins
  for (const auto& p : detail::pg15_parameters()) {
    auto key = lower(p.name);
    if (present.contains(key)) continue;  // a version record replaces 15's description
    auto span = spans.find(key);
    if (span != spans.end() && !in_range(version, span->second->since, span->second->until)) {
      continue;
    }
    present.insert(key);
    out.emplace_back(std::move(key), &p);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

// Each version's index is built the first time that version is asked for: a run reads one or two
// versions, and building all seven was the largest single cost of a cold `check` (perf).
const index* index_of(std::string_view version) {
  static std::array<std::once_flag, versions.size()> built;
  static std::array<index, versions.size()> indices;
  auto it = std::find(versions.begin(), versions.end(), version);
  if (it == versions.end()) return nullptr;
  const auto i = static_cast<std::size_t>(it - versions.begin());
  std::call_once(built[i], [i] { indices[i] = build(major_of(versions[i])); });
  return &indices[i];
}

// guc.c map_old_guc_names: obsolete names still accepted for their successors (15: sort_mem,
// vacuum_mem; 18 release notes: "Rename server variable ssl_ecdh_curve to ssl_groups ... The
// previous name still works").
struct old_name {
  std::string_view old_name;
  std::string_view new_name;
  std::string_view since;
};
constexpr old_name old_names[] = {
    {"sort_mem", "work_mem", ""},
    {"vacuum_mem", "maintenance_work_mem", ""},
    {"ssl_ecdh_curve", "ssl_groups", "18"},
};

const parameter* lookup(const index& idx, const std::string& key) {
  auto it = std::lower_bound(idx.begin(), idx.end(), key,
                             [](const auto& e, const std::string& k) { return e.first < k; });
  return it != idx.end() && it->first == key ? it->second : nullptr;
}

}  // namespace

std::span<const std::string_view> known_versions() {
  return versions;
}

bool is_known_version(std::string_view version) {
  return std::find(versions.begin(), versions.end(), version) != versions.end();
}

// CONTRACTS §3: the default version is the newest in the catalogue.
std::string_view newest_version() {
  return versions.back();
}

const parameter* find_parameter(std::string_view name, std::string_view version) {
  const auto* idx = index_of(version);
  if (idx == nullptr) return nullptr;
  auto key = lower(name);
  if (const auto* p = lookup(*idx, key)) return p;
  for (const auto& o : old_names)
    if (o.old_name == key && in_range(major_of(version), o.since, ""))
      return lookup(*idx, std::string(o.new_name));
  return nullptr;
}

std::vector<const parameter*> all_parameters(std::string_view version) {
  std::vector<const parameter*> out;
  if (const auto* idx = index_of(version))
    for (const auto& e : *idx) out.push_back(e.second);
  return out;
}

}  // namespace connplan::postgres
