// postgres::load: the effective values of a postgresql.conf as PostgreSQL 15's
// ProcessConfigFileInternal (guc-file.l @ REL_15_STABLE) computes them.
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "connplan/postgres.hpp"
#include "connplan/redact.hpp"
#include "postgres/catalogue.hpp"
#include "postgres/checks.hpp"
#include "postgres/loader.hpp"

namespace connplan::postgres {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// guc.c map_old_guc_names: names from before 8.0 that find_option still accepts.
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> old_names{{
    {"sort_mem", "work_mem"},
    {"vacuum_mem", "maintenance_work_mem"},
}};

const parameter* lookup(std::string_view name, std::string_view version) {
  if (const parameter* p = find_parameter(name, version)) return p;
  const std::string l = lower(name);
  for (const auto& [old_name, new_name] : old_names) {
    if (l == old_name) return find_parameter(new_name, version);
  }
  return nullptr;
}

// The versions of the catalogue in which `name` exists, for CP501's note.
std::vector<std::string_view> versions_with(std::string_view name) {
  std::vector<std::string_view> out;
  for (auto v : known_versions())
    if (lookup(name, v) != nullptr) out.push_back(v);
  return out;
}

std::string join_versions(const std::vector<std::string_view>& versions) {
  std::string out;
  for (std::size_t i = 0; i < versions.size(); ++i) {
    if (i > 0) out += i + 1 == versions.size() ? " and " : ", ";
    out += versions[i];
  }
  return out;
}

source_location line_of(const raw_entry& e) {
  source_location where = e.name_location;
  where.end = e.value_location.end;
  return where;
}

std::optional<long long> to_integer(std::string_view s) {
  long long v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// PostgreSQL 12-15 check hooks (check_maxconnections, check_autovacuum_max_workers,
// check_max_worker_processes, check_max_wal_senders in guc.c) reject a value that makes
// MaxBackends exceed MAX_BACKENDS, judged against the values set so far in file order.
// PostgreSQL 16 removed the hooks; the sum is checked at start (checks.cpp).
constexpr long long max_backends = 0x3FFFF;  // MAX_BACKENDS, 262143
constexpr std::array<std::string_view, 4> backend_terms{"max_connections", "autovacuum_max_workers",
                                                        "max_worker_processes", "max_wal_senders"};

bool has_backend_hooks(std::string_view version) {
  return version == "12" || version == "13" || version == "14" || version == "15";
}

struct item {
  raw_entry entry;
  const parameter* param = nullptr;  // null for a placeholder or an unknown name
  bool placeholder = false;
  bool ignored = false;  // an earlier duplicate PostgreSQL skips (same spelling)
  std::string key;       // settings key: canonical name, or the lower-cased placeholder name
};

std::string shown_value(std::string_view name, std::string_view value) {
  if (is_secret_name(name)) return std::string(redacted);
  return redact_secrets(value);
}

std::string redact_message(std::string message, std::string_view name, std::string_view value) {
  const std::string safe = shown_value(name, value);
  if (safe == value || value.empty()) return message;
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t hit = message.find(value, pos);
    if (hit == std::string::npos) break;
    out.append(message, pos, hit - pos);
    out += safe;
    pos = hit + value.size();
  }
  out.append(message, pos);
  return out;
}

}  // namespace

std::optional<long long> server_config::integer(std::string_view name) const {
  const parameter* p = lookup(name, version);
  if (p == nullptr) return std::nullopt;
  auto it = settings.find(std::string(p->name));
  if (it != settings.end()) {
    if (!it->second.known) return std::nullopt;
    return to_integer(it->second.setting);
  }
  return to_integer(p->boot_value);
}

server_config load(const std::filesystem::path& file, const inspect_options& options) {
  server_config config;
  config.path = options.root.display(file);
  config.version = options.pg_version.empty() ? std::string(newest_version()) : options.pg_version;

  detail::read_result read = detail::read_configuration(file, options);
  config.accepted = read.accepted;
  config.complete = read.complete;
  config.files_read = read.files_read;
  config.diagnostics = std::move(read.findings);

  // 1. Names (ProcessConfigFileInternal's first loop): unknown names are errors unless they
  //    contain a dot; a known name seen again marks earlier lines of the *same spelling*
  //    (strcmp) as ignorable -- tool-behaviour.md, PostgreSQL 15, item 1.
  std::vector<item> items;
  items.reserve(read.occurrences.size());
  std::unordered_set<std::string> in_file;
  // The earlier lines of each spelling not yet marked: PostgreSQL walks the whole list for every
  // repeated name (quadratic, guc-file.l @ REL_15); an index per spelling gives the same marks in
  // linear time. Lines of one spelling are all known or all unknown, so only known ones are kept.
  std::unordered_map<std::string, std::vector<std::size_t>> unmarked;
  for (auto& entry : read.occurrences) {
    item it;
    it.param = lookup(entry.name, config.version);
    if (it.param != nullptr) {
      it.key = std::string(it.param->name);
      std::vector<std::size_t>& same_spelling = unmarked[entry.name];
      if (in_file.contains(it.key)) {
        for (std::size_t earlier : same_spelling) items[earlier].ignored = true;
        same_spelling.clear();
      }
      same_spelling.push_back(items.size());
      in_file.insert(it.key);
    } else if (entry.name.find('.') != std::string::npos) {
      it.placeholder = true;
      it.key = lower(entry.name);
    } else {
      std::string message =
          fmt::format("unrecognized configuration parameter \"{}\" in file \"{}\" line {}",
                      entry.name, entry.name_location.file, entry.name_location.begin.line);
      auto f = make_finding("CP501", std::move(message), entry.name_location, lower(entry.name));
      if (auto versions = versions_with(entry.name); !versions.empty()) {
        f.notes.push_back(fmt::format("\"{}\" exists in PostgreSQL {}, not in {}", entry.name,
                                      join_versions(versions), config.version));
      }
      config.diagnostics.push_back(std::move(f));
      config.accepted = false;
    }
    it.entry = std::move(entry);
    items.push_back(std::move(it));
  }

  // 2. Values (the second loop: set_config_option for every line not ignored, in order).
  std::unordered_map<std::string, long long> backend_values;
  for (auto name : backend_terms) {
    if (const parameter* p = find_parameter(name, config.version)) {
      backend_values[std::string(name)] = to_integer(p->boot_value).value_or(0);
    }
  }
  std::vector<std::optional<std::string>> converted(items.size());  // the -C string, if valid
  std::vector<std::string> errors(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    item& it = items[i];
    if (it.placeholder) {
      converted[i] = it.entry.value;
      continue;
    }
    // Unknown names never reach set_config_option; ignored duplicates are skipped unchecked.
    if (it.param == nullptr || it.ignored) continue;
    const raw_entry& e = it.entry;
    std::optional<std::string> error;
    std::optional<std::string> hint;
    std::string setting;
    if (it.param->context == "internal") {
      // set_config_option: PGC_INTERNAL parameters cannot be set from any file.
      error = fmt::format("parameter \"{}\" cannot be changed", e.name);
    } else {
      converted_value cv = convert_value(*it.param, e.value, e.name);
      error = cv.error;
      hint = cv.hint;
      setting = cv.setting;
    }
    if (!error && has_backend_hooks(config.version) && backend_values.contains(it.key)) {
      long long v = to_integer(setting).value_or(0);
      long long sum = v + 1;
      for (const auto& [name, value] : backend_values)
        if (name != it.key) sum += value;
      if (sum > max_backends) {
        error = fmt::format("invalid value for parameter \"{}\": {}", e.name, v);
      } else {
        backend_values[it.key] = v;
      }
    }
    if (error) {
      errors[i] = *error;
      auto f = make_finding("CP502", redact_message(*error, it.key, e.value), line_of(e), it.key);
      if (hint) f.notes.push_back(*hint);
      config.diagnostics.push_back(std::move(f));
      config.accepted = false;
    } else {
      converted[i] = setting;
    }
  }

  // 3. The effective values: the last occurrence of each name (case-insensitive) wins; every
  //    earlier one is shadowed (CP503).
  std::unordered_map<std::string, std::size_t> winner;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (!items[i].key.empty()) winner[items[i].key] = i;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const item& it = items[i];
    if (it.key.empty()) continue;
    const item& win = items[winner[it.key]];
    if (winner[it.key] != i) {
      config.shadowed.push_back(shadowed_value{it.entry.name, shown_value(it.key, it.entry.value),
                                               source::from_file(it.entry.name_location)});
      auto f = make_finding(
          "CP503",
          fmt::format("parameter \"{}\" is set again in file \"{}\" line {}; this value is ignored",
                      it.entry.name, win.entry.name_location.file,
                      win.entry.name_location.begin.line),
          line_of(it.entry), it.key);
      f.related.push_back({line_of(win.entry), "the value that wins"});
      config.diagnostics.push_back(std::move(f));
      continue;
    }
    effective_setting s;
    s.name = it.key;
    s.origin = source::from_file(it.entry.name_location);
    s.placeholder = it.placeholder;
    if (it.param != nullptr) s.unit = std::string(it.param->unit);
    if (converted[i]) {
      s.setting = shown_value(it.key, *converted[i]);
    } else {
      s.setting = shown_value(it.key, it.entry.value);
      s.known = false;
      s.reason = redact_message(errors[i], it.key, it.entry.value);
    }
    config.settings[it.key] = std::move(s);
  }

  // 4. Defaults of the parameters every plan reads (CONTRACTS.md §6).
  for (std::string_view name : key_defaults()) {
    const parameter* p = find_parameter(name, config.version);
    if (p == nullptr || config.settings.contains(std::string(p->name))) continue;
    effective_setting s;
    s.name = std::string(p->name);
    s.setting = std::string(p->boot_value);
    s.unit = std::string(p->unit);
    s.origin = source::default_value();
    config.settings[s.name] = std::move(s);
  }

  // 5. A file that was not read may override every value decided before it.
  if (!read.unread.empty()) {
    const detail::unread_file& last = read.unread.back();
    for (auto& [key, s] : config.settings) {
      bool before = s.origin.kind == source_kind::default_value;
      if (!before) {
        auto w = winner.find(key);
        before = w != winner.end() && w->second < last.position;
      }
      if (before && s.known) {
        s.known = false;
        s.reason = fmt::format("may be overridden by \"{}\", which was not read ({})", last.path,
                               last.why);
      }
    }
  }

  // 6. Checks the postmaster makes only when it starts (findings, not acceptance).
  apply_start_checks(config);

  // Findings usually arrive in order already; a merge sort would still move every one log n times.
  if (!std::is_sorted(config.diagnostics.begin(), config.diagnostics.end(), canonical_less)) {
    std::stable_sort(config.diagnostics.begin(), config.diagnostics.end(), canonical_less);
  }
  return config;
}

}  // namespace connplan::postgres
