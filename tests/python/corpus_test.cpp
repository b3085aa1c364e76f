// Every Django, gunicorn and Celery file of the shared corpus parses completely, except the ones
// that are not Python. With CONNPLAN_PY_DUMP_DIR set, a JSON summary of each file's tree is
// written there for tests/oracle/python_ast_oracle.py to compare with CPython's `ast`.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "connplan/python/parse.hpp"

namespace connplan::python {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Files of the corpus that are not Python, with the reason (SOURCES.md).
const std::map<std::string, std::string>& not_python() {
  static const std::map<std::string, std::string> files = {
      {"django/cookiecutter__cookiecutter-django__{{cookiecutter.project_slug}}_config_settings_"
       "production.py",
       "a jinja template ({% if %} blocks): not python until cookiecutter renders it"},
  };
  return files;
}

std::vector<fs::path> python_files(const fs::path& root) {
  std::vector<fs::path> out;
  for (const char* kind : {"django", "gunicorn", "celery"}) {
    if (!fs::is_directory(root / kind)) continue;
    for (const auto& entry : fs::directory_iterator(root / kind)) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ---- the JSON summary shared with the oracle ------------------------------------------------

nlohmann::json constant_json(const constant& c) {
  switch (c.kind) {
    case constant_kind::none:
      return nullptr;
    case constant_kind::boolean:
      return c.boolean;
    case constant_kind::integer:
      return c.integer;
    case constant_kind::big_integer:
      return std::string(c.text);
    case constant_kind::floating:
      return c.floating;
    case constant_kind::imaginary:
      return {{"imag", c.floating}};
    case constant_kind::string:
      return std::string(c.text);
    case constant_kind::bytes: {
      std::string hex;
      for (unsigned char b : c.text) hex += fmt::format("{:02x}", b);
      return {{"bytes", hex}};
    }
    case constant_kind::ellipsis:
      return {{"ellipsis", true}};
  }
  return nullptr;
}

// The oracle's normal form of an assignment target: `A.b["key"][?]`, `(a,*b)`.
std::string target_text(const expr& e) {
  switch (e.kind) {
    case expr_kind::name:
      return std::string(e.name);
    case expr_kind::attribute:
      return target_text(e.children[0]) + "." + std::string(e.name);
    case expr_kind::subscript: {
      const expr& i = e.children[1];
      const bool literal =
          i.kind == expr_kind::constant &&
          (i.value().kind == constant_kind::string || i.value().kind == constant_kind::integer);
      return target_text(e.children[0]) + "[" + (literal ? constant_json(i.value()).dump() : "?") +
             "]";
    }
    case expr_kind::tuple:
    case expr_kind::list: {
      std::string out = "(";
      for (std::size_t i = 0; i < e.children.size(); ++i) {
        out += (i ? "," : "") + target_text(e.children[i]);
      }
      return out + ")";
    }
    case expr_kind::starred:
      return "*" + target_text(e.children[0]);
    default:
      return "?";
  }
}

struct summary {
  const python::module* m = nullptr;  // spans are byte offsets: the module knows the lines
  nlohmann::json statements = nlohmann::json::array();
  nlohmann::json targets = nlohmann::json::array();
  nlohmann::json constants = nlohmann::json::array();

  void walk(const expr& e, bool in_fstring = false) {
    if (e.kind == expr_kind::constant && !in_fstring) {
      const source_position at = m->begin(e.where);
      constants.push_back({at.line, at.column - 1, constant_json(e.value())});
    }
    const bool inner = in_fstring || e.kind == expr_kind::joined_string;
    for (const expr& c : e.children) walk(c, inner);
    for (const keyword& k : e.keywords()) walk(k.value[0], inner);
    for (const comprehension& c : e.generators()) {
      walk(c.target[0], inner);
      walk(c.iter[0], inner);
      for (const expr& i : c.ifs) walk(i, inner);
    }
    for (const parameter& p : e.parameters()) {
      for (const expr& d : p.annotation) walk(d, inner);
      for (const expr& d : p.default_value) walk(d, inner);
    }
  }
  void walk(node_list<expr> v) {
    for (const expr& e : v) walk(e);
  }
  void walk(const std::optional<expr>& e) {
    if (e) walk(*e);
  }
  void walk(const std::vector<stmt>& body) {
    for (const stmt& s : body) walk(s);
  }
  void target(const stmt& s, const expr& e) {
    targets.push_back({m->begin(s.where).line, target_text(e)});
  }
  void walk(node_list<parameter> ps) {
    for (const parameter& p : ps) {
      walk(p.annotation);
      walk(p.default_value);
    }
  }

  void walk(const stmt& s) {
    statements.push_back({std::string(kind_name(s)), m->begin(s.where).line});
    std::visit(
        [&](const auto& n) {
          using T = std::decay_t<decltype(n)>;
          if constexpr (std::is_same_v<T, expr_stmt>) {
            walk(n.value);
          } else if constexpr (std::is_same_v<T, assign_stmt>) {
            for (const expr& t : n.targets) target(s, t);
            walk(n.targets);
            walk(n.value);
          } else if constexpr (std::is_same_v<T, aug_assign_stmt> ||
                               std::is_same_v<T, ann_assign_stmt>) {
            target(s, n.target);
            walk(n.target);
            if constexpr (std::is_same_v<T, ann_assign_stmt>) walk(n.annotation);
            walk(n.value);
          } else if constexpr (std::is_same_v<T, if_stmt>) {
            for (const if_branch& b : n.branches) {
              walk(b.test);
              walk(b.body);
            }
            walk(n.orelse);
          } else if constexpr (std::is_same_v<T, for_stmt>) {
            walk(n.target);
            walk(n.iter);
            walk(n.body);
            walk(n.orelse);
          } else if constexpr (std::is_same_v<T, while_stmt>) {
            walk(n.test);
            walk(n.body);
            walk(n.orelse);
          } else if constexpr (std::is_same_v<T, try_stmt>) {
            walk(n.body);
            for (const except_handler& h : n.handlers) {
              walk(h.type);
              walk(h.body);
            }
            walk(n.orelse);
            walk(n.finalbody);
          } else if constexpr (std::is_same_v<T, with_stmt>) {
            for (const with_item& i : n.items) {
              walk(i.context);
              walk(i.target);
            }
            walk(n.body);
          } else if constexpr (std::is_same_v<T, function_def>) {
            walk(n.decorators);
            walk(n.parameters);
            walk(n.returns);
            walk(n.body);
          } else if constexpr (std::is_same_v<T, class_def>) {
            walk(n.decorators);
            walk(n.bases);
            for (const keyword& k : n.keywords) walk(k.value[0]);
            walk(n.body);
          } else if constexpr (std::is_same_v<T, return_stmt>) {
            walk(n.value);
          } else if constexpr (std::is_same_v<T, raise_stmt>) {
            walk(n.exception);
            walk(n.cause);
          } else if constexpr (std::is_same_v<T, delete_stmt>) {
            walk(n.targets);
          } else if constexpr (std::is_same_v<T, assert_stmt>) {
            walk(n.test);
            walk(n.message);
          }
        },
        s.node);
  }
};

nlohmann::json summarize(const fs::path& file, const parse_result& r) {
  summary s;
  s.m = &r.module;
  s.walk(r.module.body);
  nlohmann::json findings = nlohmann::json::array();
  for (const finding& f : r.findings) {
    findings.push_back({f.code, f.location->begin.line, f.location->begin.column, f.message});
  }
  return {{"file", file.string()}, {"complete", r.complete},   {"statements", s.statements},
          {"targets", s.targets},  {"constants", s.constants}, {"findings", findings}};
}

// ---- tests --------------------------------------------------------------------------------

TEST(corpus, every_python_file_parses_completely) {
  const fs::path root = fs::path(CONNPLAN_SHARED_DIR) / "corpus";
  const auto files = python_files(root);
  if (files.empty()) GTEST_SKIP() << "no corpus at " << root;
  EXPECT_GE(files.size(), 61u);
  for (const fs::path& p : files) {
    const std::string rel = fs::relative(p, root).generic_string();
    const parse_result r = parse_module(slurp(p), rel);
    if (not_python().count(rel)) {
      EXPECT_FALSE(r.complete) << rel;
      EXPECT_FALSE(r.findings.empty()) << rel;
      continue;
    }
    EXPECT_TRUE(r.complete) << rel;
    for (const finding& f : r.findings) {
      ADD_FAILURE() << f.location->file << ":" << f.location->begin.line << ":"
                    << f.location->begin.column << ": " << f.code << " " << f.message;
    }
  }
}

// Quoted from corpus/SOURCES.md: "Jinja-templated Python (`{% if cookiecutter... %}` blocks,
// not valid Python until rendered)". Every tag is reported, at its line, and nothing crashes.
TEST(corpus, jinja_template_reports_each_tag) {
  const fs::path root = fs::path(CONNPLAN_SHARED_DIR) / "corpus";
  const fs::path p = root / not_python().begin()->first;
  if (!fs::exists(p)) GTEST_SKIP() << "no corpus";
  const parse_result r = parse_module(slurp(p), "production.py");
  ASSERT_FALSE(r.findings.empty());
  EXPECT_EQ(r.findings[0].code, "CP001");
  EXPECT_EQ(r.findings[0].location->begin.line, 2u);  // `{% if cookiecutter.use_sentry == 'y' -%}`
  EXPECT_EQ(r.findings[0].location->begin.column, 1u);
  EXPECT_GT(r.findings.size(), 20u);
  EXPECT_FALSE(r.module.body.empty());  // the Python between the tags is still parsed
}

// Not a check of its own: writes the summaries the oracle compares with CPython's ast.
TEST(corpus, dump_for_oracle) {
  const char* dir = std::getenv("CONNPLAN_PY_DUMP_DIR");
  if (dir == nullptr) GTEST_SKIP() << "CONNPLAN_PY_DUMP_DIR not set";
  std::vector<fs::path> files;
  if (const char* list = std::getenv("CONNPLAN_PY_DUMP_FILES")) {
    std::istringstream in(list);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) files.emplace_back(line);
    }
  } else {
    files = python_files(fs::path(CONNPLAN_SHARED_DIR) / "corpus");
  }
  nlohmann::json out = nlohmann::json::array();
  for (const fs::path& p : files) {
    out.push_back(summarize(p, parse_module(slurp(p), p.filename().string())));
  }
  std::ofstream(fs::path(dir) / "connplan.json") << out.dump(1);
}

}  // namespace
}  // namespace connplan::python
