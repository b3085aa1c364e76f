// Miniature deployments for the rules that read the project model (CP107, CP3xx–CP7xx): the
// files are written into a temporary directory and loaded with load_project, exactly as
// `connplan check` does, then one rule runs over the model and its plan.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"
#include "support/run_binary.hpp"

namespace connplan::rules::testing {

struct deployment_run {
  project_model model;
  plan::result plan;
  std::vector<finding> findings;  // the rule's own
};

// Writes `files` (name → text) into a fresh directory, loads the project and runs `rule`.
inline deployment_run run_on(rule_fn rule, const std::map<std::string, std::string>& files,
                             std::map<std::string, std::string> env = {},
                             std::optional<int> cpus = std::nullopt) {
  connplan::testing::temp_dir dir;
  for (const auto& [name, text] : files) dir.write(name, text);
  run_options o;
  o.base.root = project_root{dir.path(), false};
  o.base.env = std::move(env);
  o.base.cpus = cpus;
  deployment_run r{load_project(o), {}, {}};
  plan::deployment d = r.model.deployment();
  r.plan = plan::compute(d);
  rule(rule_context{d, r.plan, &r.model}, r.findings);
  return r;
}

// The findings of `code` among `findings`.
inline std::vector<finding> with_code(const std::vector<finding>& findings, std::string_view code) {
  std::vector<finding> out;
  for (const auto& f : findings) {
    if (f.code == code) out.push_back(f);
  }
  return out;
}

// Every text a finding carries (message, related messages, notes), for secret checks.
inline std::string all_text(const finding& f) {
  std::string s = f.message;
  for (const auto& r : f.related) s += "\n" + r.message;
  for (const auto& n : f.notes) s += "\n" + n;
  return s;
}

inline const char* gunicorn_toml = R"([[service]]
name = "web"
kind = "gunicorn"
config = "gunicorn.conf.py"
)";

}  // namespace connplan::rules::testing
