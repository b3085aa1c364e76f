#include "app/run_check.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <map>
#include <set>

#include "connplan/error.hpp"
#include "engine/suppressions.hpp"
#include "rules/rule_context.hpp"

namespace connplan {
namespace {

std::vector<std::string> selectors(const std::vector<std::string>& raw, std::string_view where) {
  std::vector<std::string> out;
  for (const auto& r : raw) {
    auto s = engine::normalise_selector(r);
    if (!s)
      throw error(
          fmt::format("{}: \"{}\" is not a rule code or prefix (like CP5 or CP501)", where, r));
    out.push_back(*s);
  }
  return out;
}

std::vector<std::string> toml_list(const std::vector<toml_string>& list) {
  std::vector<std::string> out;
  for (const auto& s : list) out.push_back(s.value);
  return out;
}

// "CP1, CP203" → {"CP1", "CP203"}; blanks around items and empty items are dropped.
std::vector<std::string> comma_list(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

// CONTRACTS §8: the command line, else the CONNPLAN_* variable (unset or empty: not given, as
// NO_COLOR treats an empty value), else connplan.toml. The exit-2 message names where the bad
// selector came from.
std::vector<std::string> rule_list(const check_request& r,
                                   const std::optional<std::vector<std::string>>& cli,
                                   std::string_view flag, const std::string& variable,
                                   const std::vector<toml_string>& toml, std::string_view key) {
  if (cli) return selectors(*cli, flag);
  if (auto value = r.environment ? r.environment(variable) : std::nullopt) {
    auto items = comma_list(*value);
    if (!items.empty()) return selectors(items, variable);
  }
  return selectors(toml_list(toml), key);
}

// How each file writes comments. The model knows which files are pgbouncer.ini (only whole-line
// comments) and which are Python (whatever their name); every other kind connplan reads
// (postgresql.conf, connplan.toml, launch files) uses '#'.
std::map<std::string, engine::comment_style> comment_styles(const project_model& m) {
  std::map<std::string, engine::comment_style> styles;
  for (const auto& b : m.pgbouncers) {
    if (!b.config) continue;
    for (const auto& f : b.config->files_read) styles[f] = engine::comment_style::ini;
  }
  auto python = [&](const std::vector<std::string>& files) {
    for (const auto& f : files) styles[f] = engine::comment_style::python;
  };
  for (const auto& s : m.services) {
    if (s.gunicorn) python(s.gunicorn->chain);
    if (s.celery) python(s.celery->files);
    if (s.django) python(s.django->settings_chain);
  }
  return styles;
}

engine::comment_style style_of(const std::map<std::string, engine::comment_style>& known,
                               const std::string& path) {
  if (auto it = known.find(path); it != known.end()) return it->second;
  if (path.size() >= 3 && path.compare(path.size() - 3, 3, ".py") == 0) {
    return engine::comment_style::python;
  }
  return engine::comment_style::hash;
}

// The directives of every file the model read and every file a finding points at, each read
// once through the model's reader and limits; a file that cannot be read has no directives (its
// front end has already reported why).
std::vector<engine::suppression> directives_for(const project_model& m,
                                                const std::vector<finding>& findings,
                                                const run_options& o) {
  std::set<std::string> files(m.files_read.begin(), m.files_read.end());
  for (const auto& f : findings) {
    if (f.location && !f.location->file.empty()) files.insert(f.location->file);
  }
  const auto styles = comment_styles(m);
  std::vector<engine::suppression> out;
  for (const auto& shown : files) {
    const std::filesystem::path path = m.root.dir / shown;
    if (!m.root.may_read(path)) continue;
    auto read = o.base.reader(path, o.base.limits);
    const auto* text = std::get_if<std::string>(&read);
    if (text == nullptr) continue;
    auto found = engine::scan_suppressions(*text, shown, style_of(styles, shown));
    out.insert(out.end(), std::make_move_iterator(found.begin()),
               std::make_move_iterator(found.end()));
  }
  return out;
}

}  // namespace

engine::selection selection_for(const check_request& r, const project_config& c) {
  engine::selection s;
  s.select =
      rule_list(r, r.select, "--select", "CONNPLAN_SELECT", c.rules.select, "[rules] select");
  s.ignore =
      rule_list(r, r.ignore, "--ignore", "CONNPLAN_IGNORE", c.rules.ignore, "[rules] ignore");
  s.extend_select = rule_list(r, r.extend_select, "--extend-select", "CONNPLAN_EXTEND_SELECT",
                              c.rules.extend_select, "[rules] extend_select");
  for (const auto& [code, level] : c.rules.severity) {
    auto sel = engine::normalise_selector(code);
    auto sev = parse_severity(level.value);
    if (!sel || !sev) {
      throw error(
          fmt::format("{}: [rules] severity {} = \"{}\" is not a rule code and error|warning|info",
                      c.display, code, level.value));
    }
    s.severity_overrides[*sel] = *sev;
  }
  for (const auto& [glob, codes] : c.rules.per_file_ignores) {
    s.per_file_ignores.emplace_back(glob, selectors(toml_list(codes), "[rules] per_file_ignores"));
  }
  return s;
}

environment_lookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

check_outcome run_check(const check_request& request) {
  check_outcome out;
  out.model = load_project(request.options);
  plan::deployment d = out.model.deployment();
  out.plan = plan::compute(d);
  std::vector<finding> all = out.model.findings;
  auto from_rules = rules::run_rules(rules::rule_context{d, out.plan, &out.model});
  all.insert(all.end(), from_rules.begin(), from_rules.end());
  const engine::selection selection = selection_for(request, out.model.config);
  // The order of the engine (DESIGN.md): selection, then inline suppressions (so a directive for
  // a rule that is not selected is not "unused"), then the baseline.
  std::vector<finding> selected = engine::apply(std::move(all), selection);
  auto directives = directives_for(out.model, selected, request.options);
  auto suppressed = engine::apply_suppressions(std::move(selected), directives, selection);
  std::vector<finding> kept = std::move(suppressed.kept);
  kept.insert(kept.end(), std::make_move_iterator(suppressed.unused.begin()),
              std::make_move_iterator(suppressed.unused.end()));
  std::stable_sort(kept.begin(), kept.end(), canonical_less);
  out.findings_before_baseline = kept;
  int baselined = 0;
  if (request.baseline) {
    auto b = engine::subtract_baseline(std::move(kept), *request.baseline);
    kept = std::move(b.kept);
    baselined = b.baselined;
    out.stale_baseline_entries = b.stale;
  }
  out.findings = std::move(kept);
  out.summary = engine::summarise(out.findings);
  out.summary.suppressed = suppressed.suppressed;
  out.summary.baselined = baselined;
  return out;
}

}  // namespace connplan
