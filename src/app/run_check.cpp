#include "app/run_check.hpp"

#include <fmt/format.h>

#include "connplan/error.hpp"
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

engine::selection selection_for(const check_request& r, const project_config& c) {
  engine::selection s;
  s.select = selectors(r.select ? *r.select : toml_list(c.rules.select),
                       r.select ? "--select" : "[rules] select");
  s.ignore = selectors(r.ignore ? *r.ignore : toml_list(c.rules.ignore),
                       r.ignore ? "--ignore" : "[rules] ignore");
  s.extend_select = selectors(r.extend_select ? *r.extend_select : toml_list(c.rules.extend_select),
                              r.extend_select ? "--extend-select" : "[rules] extend_select");
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

}  // namespace

check_outcome run_check(const check_request& request) {
  check_outcome out;
  out.model = load_project(request.options);
  plan::deployment d = out.model.deployment();
  out.plan = plan::compute(d);
  std::vector<finding> all = out.model.findings;
  auto from_rules = rules::run_rules(rules::rule_context{d, out.plan, &out.model});
  all.insert(all.end(), from_rules.begin(), from_rules.end());
  out.findings = engine::apply(std::move(all), selection_for(request, out.model.config));
  out.summary = engine::summarise(out.findings);
  return out;
}

}  // namespace connplan
