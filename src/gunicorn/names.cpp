#include "gunicorn/names.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>
#include <vector>

#include "gunicorn/catalogue.hpp"

namespace connplan::gunicorn::detail {
namespace {

using python::expr;
using python::expr_kind;
using python::stmt;

// The names a function binds locally (parameters, assignment, `for`, `with`, `import`, `def`,
// `except ... as`), minus those it declares `global`: inside the function, these names are not the
// module's (Python's scoping rules), so reading them does not read a module-level helper.
struct local_collector {
  std::set<std::string> bound;
  std::set<std::string> global;

  void target(const expr& e) {
    if (e.kind == expr_kind::name) {
      bound.insert(std::string(e.name));
    } else if (e.kind == expr_kind::tuple || e.kind == expr_kind::list ||
               e.kind == expr_kind::starred) {
      for (const auto& c : e.children) target(c);
    }
  }
  void body(const std::vector<stmt>& stmts) {
    for (const auto& s : stmts) std::visit([this](const auto& n) { visit(n); }, s.node);
  }
  void visit(const python::assign_stmt& n) {
    for (const auto& t : n.targets) target(t);
  }
  void visit(const python::aug_assign_stmt& n) { target(n.target); }
  void visit(const python::ann_assign_stmt& n) { target(n.target); }
  void visit(const python::import_stmt& n) {
    for (const auto& a : n.names) {
      bound.insert(!a.as_name.empty() ? a.as_name : a.name.substr(0, a.name.find('.')));
    }
  }
  void visit(const python::import_from_stmt& n) {
    for (const auto& a : n.names) bound.insert(!a.as_name.empty() ? a.as_name : a.name);
  }
  void visit(const python::if_stmt& n) {
    for (const auto& b : n.branches) body(b.body);
    body(n.orelse);
  }
  void visit(const python::for_stmt& n) {
    target(n.target);
    body(n.body);
    body(n.orelse);
  }
  void visit(const python::while_stmt& n) {
    body(n.body);
    body(n.orelse);
  }
  void visit(const python::try_stmt& n) {
    body(n.body);
    for (const auto& h : n.handlers) {
      if (!h.name.empty()) bound.insert(h.name);
      body(h.body);
    }
    body(n.orelse);
    body(n.finalbody);
  }
  void visit(const python::with_stmt& n) {
    for (const auto& item : n.items) {
      if (item.target) target(*item.target);
    }
    body(n.body);
  }
  void visit(const python::function_def& n) { bound.insert(n.name); }
  void visit(const python::class_def& n) { bound.insert(n.name); }
  void visit(const python::global_stmt& n) { global.insert(n.names.begin(), n.names.end()); }
  void visit(const python::nonlocal_stmt& n) { global.insert(n.names.begin(), n.names.end()); }
  template <class T>
  void visit(const T&) {}
};

struct reader {
  std::set<std::string>& out;
  std::map<std::string, int>* arities = nullptr;
  std::vector<std::set<std::string>> locals;  // one set per enclosing function, innermost last

  bool is_local(const std::string& name) const {
    return std::any_of(locals.begin(), locals.end(),
                       [&](const auto& scope) { return scope.contains(name); });
  }

  void load(const expr& e) {
    switch (e.kind) {
      case expr_kind::name:
        if (!is_local(std::string(e.name))) out.insert(std::string(e.name));
        return;
      case expr_kind::named:  // walrus: the target is bound, the value loaded
        for (const auto& c : e.children) load(c);
        return;
      case expr_kind::lambda: {
        std::set<std::string> scope;
        for (const auto& p : e.parameters()) {
          for (const auto& d : p.default_value) load(d);
          scope.insert(std::string(p.name));
        }
        locals.push_back(std::move(scope));
        for (const auto& c : e.children) load(c);
        locals.pop_back();
        return;
      }
      default:
        break;
    }
    for (const auto& c : e.children) load(c);
    for (const auto& k : e.keywords()) {
      for (const auto& v : k.value) load(v);
    }
    for (const auto& g : e.generators()) {
      for (const auto& t : g.target) store(t);
      for (const auto& i : g.iter) load(i);
      for (const auto& i : g.ifs) load(i);
    }
  }

  // An assignment target: a bare name (or a tuple/list/starred of them) is bound, not read;
  // `x[k]` and `x.a` read `x` (and `k`).
  void store(const expr& e) {
    switch (e.kind) {
      case expr_kind::name:
        return;
      case expr_kind::tuple:
      case expr_kind::list:
      case expr_kind::starred:
        for (const auto& c : e.children) store(c);
        return;
      default:
        load(e);
    }
  }

  void body(const std::vector<stmt>& stmts) {
    for (const auto& s : stmts) statement(s);
  }

  void statement(const stmt& s) {
    std::visit([this](const auto& node) { visit(node); }, s.node);
  }

  void visit(const python::expr_stmt& n) { load(n.value); }
  void visit(const python::assign_stmt& n) {
    for (const auto& t : n.targets) store(t);
    load(n.value);
  }
  void visit(const python::aug_assign_stmt& n) {
    store(n.target);
    load(n.value);
  }
  void visit(const python::ann_assign_stmt& n) {
    store(n.target);
    load(n.annotation);
    if (n.value) load(*n.value);
  }
  void visit(const python::import_stmt&) {}
  void visit(const python::import_from_stmt&) {}
  void visit(const python::if_stmt& n) {
    for (const auto& b : n.branches) {
      load(b.test);
      body(b.body);
    }
    body(n.orelse);
  }
  void visit(const python::for_stmt& n) {
    store(n.target);
    load(n.iter);
    body(n.body);
    body(n.orelse);
  }
  void visit(const python::while_stmt& n) {
    load(n.test);
    body(n.body);
    body(n.orelse);
  }
  void visit(const python::try_stmt& n) {
    body(n.body);
    for (const auto& h : n.handlers) {
      if (h.type) load(*h.type);
      body(h.body);
    }
    body(n.orelse);
    body(n.finalbody);
  }
  void visit(const python::with_stmt& n) {
    for (const auto& item : n.items) {
      load(item.context);
      if (item.target) store(*item.target);
    }
    body(n.body);
  }
  void visit(const python::function_def& n) {
    for (const auto& d : n.decorators) load(d);
    int positional = 0;
    for (const auto& p : n.parameters) {
      for (const auto& d : p.default_value) load(d);
      for (const auto& a : p.annotation) load(a);
      if (p.kind == python::parameter_kind::positional_only ||
          p.kind == python::parameter_kind::normal) {
        ++positional;
      }
    }
    if (arities) (*arities)[n.name] = positional;
    if (n.returns) load(*n.returns);
    local_collector scope;
    for (const auto& p : n.parameters) scope.bound.insert(std::string(p.name));
    scope.body(n.body);
    for (const auto& g : scope.global) scope.bound.erase(g);
    locals.push_back(std::move(scope.bound));
    body(n.body);
    locals.pop_back();
  }
  void visit(const python::class_def& n) {
    for (const auto& d : n.decorators) load(d);
    for (const auto& b : n.bases) load(b);
    for (const auto& k : n.keywords) {
      for (const auto& v : k.value) load(v);
    }
    body(n.body);
  }
  void visit(const python::return_stmt& n) {
    if (n.value) load(*n.value);
  }
  void visit(const python::raise_stmt& n) {
    if (n.exception) load(*n.exception);
    if (n.cause) load(*n.cause);
  }
  void visit(const python::delete_stmt& n) {
    for (const auto& t : n.targets) store(t);
  }
  void visit(const python::pass_stmt&) {}
  void visit(const python::break_stmt&) {}
  void visit(const python::continue_stmt&) {}
  void visit(const python::global_stmt&) {}
  void visit(const python::nonlocal_stmt&) {}
  void visit(const python::assert_stmt& n) {
    load(n.test);
    if (n.message) load(*n.message);
  }
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::set<std::string> names_read(const python::module& m) {
  std::set<std::string> out;
  reader r{out, nullptr, {}};
  r.body(m.body);
  return out;
}

std::map<std::string, int> function_arities(const python::module& m) {
  std::set<std::string> unused;
  std::map<std::string, int> out;
  reader r{unused, &out, {}};
  r.body(m.body);
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> did_you_mean(std::string_view name, std::string_view version) {
  const std::string wanted = lower(name);
  const std::size_t limit = wanted.size() <= 4 ? 1 : wanted.size() <= 8 ? 2 : 3;
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const auto& s : settings_of(version)) {
    std::size_t d = edit_distance(wanted, s.name);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(s.name);
    }
  }
  return best;
}

}  // namespace connplan::gunicorn::detail
