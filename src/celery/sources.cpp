#include "celery/sources.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "celery/names.hpp"

namespace connplan::celery::detail {
namespace {

using python::value;
using python::value_kind;

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// celery/app/base.py Celery.__init__: named parameters; any other keyword is a setting
// (`self.__autoset(key, value)`), as broker= (broker_url), backend= (result_backend) and include=.
constexpr std::string_view constructor_parameters[] = {
    "main",          "loader",         "backend",  "amqp",         "events",    "log",
    "control",       "set_as_current", "tasks",    "broker",       "include",   "changes",
    "config_source", "fixups",         "task_cls", "autofinalize", "namespace", "strict_typing"};

bool is_parameter(std::string_view name) {
  return std::find(std::begin(constructor_parameters), std::end(constructor_parameters), name) !=
         std::end(constructor_parameters);
}

struct event {
  source_location where;
  const python::call_event* call = nullptr;
  const python::write_event* write = nullptr;
  std::string conf_key;  // write: the setting stored
};

bool before(const source_location& a, const source_location& b) {
  return std::tie(a.begin.line, a.begin.column) < std::tie(b.begin.line, b.begin.column);
}

void add_dict(std::vector<raw_setting>& out, const value& d, const source_location& where,
              bool conditional) {
  if (d.kind != value_kind::dict || !d.dict) return;
  for (const auto& e : d.dict->entries) {
    if (e.key.kind == value_kind::string) out.push_back({e.key.text, e.val, where, conditional});
  }
}

// Walks the syntax tree: every name read, and the Celery(...) constructor calls (for a fallback
// when the evaluator does not log them).
struct walker {
  std::set<std::string> reads;
  std::vector<const python::expr*> constructors;
  std::vector<const python::expr*> setdefaults;  // os.environ.setdefault(...)

  void visit(const python::expr& e, bool store = false) {
    if (e.kind == python::expr_kind::name && !store) reads.insert(std::string(e.name));
    if (e.kind == python::expr_kind::call && !e.children.empty() &&
        (e.children[0].text == "Celery" || e.children[0].text == "celery.Celery")) {
      constructors.push_back(&e);
    }
    if (e.kind == python::expr_kind::call && !e.children.empty() &&
        ends_with(e.children[0].text, "environ.setdefault")) {
      setdefaults.push_back(&e);
    }
    bool children_store =
        store && (e.kind == python::expr_kind::tuple || e.kind == python::expr_kind::list ||
                  e.kind == python::expr_kind::starred);
    for (const auto& c : e.children) visit(c, children_store);
    for (const auto& k : e.keywords()) {
      for (const auto& v : k.value) visit(v);
    }
    for (const auto& g : e.generators()) {
      for (const auto& x : g.target) visit(x, true);
      for (const auto& x : g.iter) visit(x);
      for (const auto& x : g.ifs) visit(x);
    }
    for (const auto& p : e.parameters()) {
      for (const auto& x : p.default_value) visit(x);
    }
  }

  void visit(const std::vector<python::stmt>& body) {
    for (const auto& s : body) visit(s);
  }

  void visit(const python::stmt& s) {
    std::visit(
        [&](const auto& n) {
          using T = std::decay_t<decltype(n)>;
          if constexpr (std::is_same_v<T, python::expr_stmt>) {
            visit(n.value);
          } else if constexpr (std::is_same_v<T, python::assign_stmt>) {
            for (const auto& t : n.targets) visit(t, true);
            visit(n.value);
          } else if constexpr (std::is_same_v<T, python::aug_assign_stmt>) {
            visit(n.target);
            visit(n.value);
          } else if constexpr (std::is_same_v<T, python::ann_assign_stmt>) {
            visit(n.target, true);
            if (n.value) visit(*n.value);
          } else if constexpr (std::is_same_v<T, python::if_stmt>) {
            for (const auto& b : n.branches) {
              visit(b.test);
              visit(b.body);
            }
            visit(n.orelse);
          } else if constexpr (std::is_same_v<T, python::for_stmt>) {
            visit(n.target, true);
            visit(n.iter);
            visit(n.body);
            visit(n.orelse);
          } else if constexpr (std::is_same_v<T, python::while_stmt>) {
            visit(n.test);
            visit(n.body);
            visit(n.orelse);
          } else if constexpr (std::is_same_v<T, python::try_stmt>) {
            visit(n.body);
            for (const auto& h : n.handlers) {
              if (h.type) visit(*h.type);
              visit(h.body);
            }
            visit(n.orelse);
            visit(n.finalbody);
          } else if constexpr (std::is_same_v<T, python::with_stmt>) {
            for (const auto& i : n.items) visit(i.context);
            visit(n.body);
          } else if constexpr (std::is_same_v<T, python::function_def>) {
            for (const auto& d : n.decorators) visit(d);
            for (const auto& p : n.parameters) {
              for (const auto& x : p.default_value) visit(x);
            }
            visit(n.body);
          } else if constexpr (std::is_same_v<T, python::class_def>) {
            for (const auto& d : n.decorators) visit(d);
            for (const auto& b : n.bases) visit(b);
            visit(n.body);
          } else if constexpr (std::is_same_v<T, python::return_stmt>) {
            if (n.value) visit(*n.value);
          } else if constexpr (std::is_same_v<T, python::raise_stmt>) {
            if (n.exception) visit(*n.exception);
          } else if constexpr (std::is_same_v<T, python::delete_stmt>) {
            for (const auto& t : n.targets) visit(t, true);
          } else if constexpr (std::is_same_v<T, python::assert_stmt>) {
            visit(n.test);
          } else if constexpr (std::is_same_v<T, python::global_stmt>) {
            for (const auto& name : n.names) reads.insert(name);  // used by a function
          }
        },
        s.node);
  }
};

// A constant keyword of a constructor call the evaluator did not log: literal values only; any
// other expression is unknown, with its text.
value literal(const python::expr& e, const python::module& tree, std::string_view reason) {
  if (e.kind == python::expr_kind::constant) {
    const auto& c = e.value();
    value v;
    v.origin = connplan::source::from_file(tree.location(e.where));
    switch (c.kind) {
      case python::constant_kind::none:
        return v;
      case python::constant_kind::string:
        v.kind = value_kind::string;
        v.text = std::string(c.text);
        return v;
      case python::constant_kind::integer:
        v.kind = value_kind::integer;
        v.integer = c.integer;
        return v;
      case python::constant_kind::boolean:
        v.kind = value_kind::boolean;
        v.boolean = c.boolean;
        return v;
      default:
        break;
    }
  }
  value v;
  v.kind = value_kind::unknown;
  v.expr = std::string(e.text);
  v.reason = std::string(reason);
  v.origin = connplan::source::from_file(tree.location(e.where));
  return v;
}

}  // namespace

std::vector<raw_setting> module_keys(const python::module_result& m, bool upper_only) {
  // The last plain store of each name gives its location; imported names keep the import's.
  std::map<std::string, const python::write_event*> last;
  std::vector<std::string> order;
  for (const auto& w : m.writes) {
    if (w.target.find_first_of(".[") != std::string::npos) continue;
    if (!last.contains(w.target)) order.push_back(w.target);
    last[w.target] = &w;
  }
  std::vector<raw_setting> out;
  auto add = [&](const std::string& name, const value& v, source_location where, bool cond) {
    if (name.rfind("__", 0) == 0) return;
    if (upper_only && !is_upper_name(name)) return;
    if (v.kind == value_kind::absent) return;
    if (v.kind == value_kind::alternatives) {
      // Bound on some paths only: a conditional setting over whatever Celery finds otherwise.
      value bound = v;
      std::erase_if(bound.alternatives,
                    [](const value& x) { return x.kind == value_kind::absent; });
      if (bound.alternatives.size() != v.alternatives.size()) {
        cond = true;
        if (bound.alternatives.size() == 1) {
          // A copy first: assigning an element of `bound` to `bound` frees it mid-copy
          // (heap-use-after-free found by fuzz_python_models).
          value only = bound.alternatives.front();
          bound = std::move(only);
        }
        if (bound.alternatives.empty() && bound.kind == value_kind::alternatives) return;
      }
      out.push_back({name, bound, std::move(where), cond});
      return;
    }
    out.push_back({name, v, std::move(where), cond});
  };
  for (const auto& name : order) {
    auto g = m.globals.find(name);
    if (g == m.globals.end()) continue;  // deleted
    // The final value already joins the branches (alternatives); only a name bound on some
    // paths (`absent` among them) is a conditional setting.
    add(name, g->second, last[name]->where, false);
  }
  for (const auto& [name, v] : m.globals) {
    if (!last.contains(name)) add(name, v, source_location{m.path, {}, {}}, false);
  }
  return out;
}

std::vector<raw_setting> class_keys(const value& cls, const source_location& where) {
  std::vector<raw_setting> out;
  if (!cls.dict) return out;
  for (const auto& e : cls.dict->entries) {
    if (e.key.kind != value_kind::string || e.key.text.rfind("__", 0) == 0) continue;
    out.push_back({e.key.text, e.val, where, false});
  }
  return out;
}

namespace {

bool is_word_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_word(char c) {
  return is_word_start(c) || (c >= '0' && c <= '9');
}
bool is_quote(char c) {
  return c == '\'' || c == '"';
}

// The Celery setting a store writes: `NAME.conf.KEY` or `NAME.conf['KEY']` (either quote), else
// nullopt. By hand, not std::regex: it runs for every store of the file.
std::optional<std::string> conf_key_of(std::string_view target) {
  std::size_t i = 0;
  if (target.empty() || !is_word_start(target[0])) return std::nullopt;
  while (i < target.size() && is_word(target[i])) ++i;
  target.remove_prefix(i);
  if (!target.starts_with(".conf")) return std::nullopt;
  target.remove_prefix(5);
  if (target.starts_with('.')) {
    target.remove_prefix(1);
    if (target.empty() || !is_word_start(target[0]) ||
        !std::all_of(target.begin(), target.end(), is_word)) {
      return std::nullopt;
    }
    return std::string(target);
  }
  // ['KEY']: a quote, one or more characters that are not quotes, a quote, `]`, the end.
  if (target.size() < 5 || target[0] != '[' || !is_quote(target[1]) || !target.ends_with(']') ||
      !is_quote(target[target.size() - 2])) {
    return std::nullopt;
  }
  const std::string_view key = target.substr(2, target.size() - 4);
  if (std::any_of(key.begin(), key.end(), is_quote)) return std::nullopt;
  return std::string(key);
}

}  // namespace

app_setup read_app(const python::module_result& m, const python::module& tree) {
  std::vector<event> events;
  for (const auto& c : m.calls) {
    if (c.where.file == m.path) events.push_back({c.where, &c, nullptr, {}});
  }
  for (const auto& w : m.writes) {
    if (w.where.file != m.path) continue;
    if (std::optional<std::string> key = conf_key_of(w.target)) {
      events.push_back({w.where, nullptr, &w, std::move(*key)});
    }
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const event& a, const event& b) { return before(a.where, b.where); });

  app_setup app;
  bool logged_constructor = false;
  for (const auto& e : events) {
    if (e.write != nullptr) {
      app.changes.push_back({e.conf_key, e.write->stored, e.where, e.write->conditional});
      continue;
    }
    const python::call_event& c = *e.call;
    auto arg = [&](std::size_t i, const std::string& name) -> const value* {
      if (i < c.args.size()) return &c.args[i];
      auto it = c.kwargs.find(name);
      return it == c.kwargs.end() ? nullptr : &it->second;
    };
    if (c.callee == "celery.Celery" || ends_with(c.callee, ".Celery") || c.callee == "Celery") {
      // A second Celery(...) bound to the same name replaces the app (DALME's celery.py).
      auto settings_module = std::move(app.django_settings_module);  // process-wide, kept
      auto settings_where = app.django_settings_where;
      app = app_setup{};
      app.django_settings_module = std::move(settings_module);
      app.django_settings_where = settings_where;
      app.has_app = logged_constructor = true;
      app.main_where = c.where;
      if (const value* main = arg(0, "main")) app.main_name = *main;
      if (const value* ch = arg(11, "changes")) add_dict(app.changes, *ch, c.where, c.conditional);
      for (const auto& [name, v] : c.kwargs) {
        std::string key = name == "broker"     ? "broker_url"
                          : name == "backend"  ? "result_backend"
                          : name == "include"  ? "include"
                          : is_parameter(name) ? std::string()
                                               : name;
        // `__autoset` skips None.
        if (key.empty() || v.kind == value_kind::none) continue;
        app.changes.push_back({key, v, c.where, c.conditional});
        app.auto_set.insert(key);
      }
      if (const value* src = arg(12, "config_source"); src && src->kind != value_kind::none) {
        app.config_source = *src;
        app.config_where = c.where;
      }
      if (const value* ns = arg(16, "namespace"); ns && ns->kind == value_kind::string) {
        app.namespace_name = ns->text;
      }
    } else if (ends_with(c.callee, ".conf.update")) {
      if (!c.args.empty()) add_dict(app.changes, c.args[0], c.where, c.conditional);
      for (const auto& [name, v] : c.kwargs)
        app.changes.push_back({name, v, c.where, c.conditional});
    } else if (ends_with(c.callee, ".config_from_object")) {
      if (const value* obj = arg(0, "obj")) {
        app.config_source = *obj;
        app.config_where = c.where;
      }
      // `self.namespace = namespace or self.namespace`
      if (const value* ns = arg(3, "namespace");
          ns && ns->kind == value_kind::string && !ns->text.empty()) {
        app.namespace_name = ns->text;
      }
    } else if (ends_with(c.callee, "environ.setdefault") && !c.args.empty() &&
               c.args[0].kind == value_kind::string && c.args[0].text == "DJANGO_SETTINGS_MODULE" &&
               c.args.size() > 1 && !app.django_settings_module) {
      app.django_settings_module = c.args[1];
      app.django_settings_where = c.where;
    }
  }
  if (!logged_constructor) {
    // The evaluator may not log the constructor: read its literal arguments from the tree.
    walker w;
    w.visit(tree.body);
    for (const auto* call : w.constructors) {
      app.has_app = true;
      app.main_where = tree.location(call->where);
      if (call->children.size() > 1) {
        app.main_name = literal(call->children[1], tree, "not a literal");
      }
      for (const auto& k : call->keywords()) {
        std::string key = k.name == "broker"    ? "broker_url"
                          : k.name == "backend" ? "result_backend"
                          : k.name == "include" ? "include"
                                                : std::string();
        if (key.empty() || k.value.empty()) continue;
        value v = literal(k.value[0], tree, "an expression in the Celery(...) call");
        if (v.kind == value_kind::none) continue;
        app.changes.insert(app.changes.begin(), {key, v, tree.location(k.where), false});
        app.auto_set.insert(key);
      }
    }
  }
  if (!app.django_settings_module) {
    // os.environ.setdefault is modelled by the evaluator, not logged: read it from the tree.
    walker w;
    w.visit(tree.body);
    for (const auto* call : w.setdefaults) {
      if (call->children.size() < 3) continue;
      const auto& name = call->children[1];
      if (name.kind != python::expr_kind::constant || name.value().text != "DJANGO_SETTINGS_MODULE")
        continue;
      app.django_settings_module =
          literal(call->children[2], tree, "not a literal: the settings module is computed");
      app.django_settings_where = tree.location(call->where);
      break;
    }
  }
  for (const auto& [name, v] : m.globals) {
    if (v.kind == value_kind::object && v.text.rfind("celery.Celery", 0) == 0) app.has_app = true;
  }
  return app;
}

std::set<std::string> names_read(const python::module& tree) {
  walker w;
  w.visit(tree.body);
  return std::move(w.reads);
}

bool looks_like_django_settings(const std::vector<raw_setting>& keys, const catalogue& cat) {
  for (const auto& k : keys) {
    // Django's own settings (django/conf/global_settings.py) that every project sets.
    for (std::string_view django : {"INSTALLED_APPS", "DATABASES", "ROOT_URLCONF", "MIDDLEWARE"}) {
      if (k.name == django) return true;
    }
    if (unprefix(cat, "CELERY_", k.name) != nullptr && cat.find_old(k.name) == nullptr) return true;
  }
  return false;
}

std::optional<std::filesystem::path> find_module_file(
    std::string_view dotted, const std::vector<std::filesystem::path>& roots) {
  if (dotted.empty()) return std::nullopt;
  std::filesystem::path relative;
  std::size_t start = 0;
  while (start <= dotted.size()) {
    auto dot = dotted.find('.', start);
    auto part = dotted.substr(start, dot == std::string_view::npos ? dotted.npos : dot - start);
    if (part.empty()) return std::nullopt;
    relative /= std::string(part);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  for (const auto& root : roots) {
    std::error_code ec;
    auto file = root / relative;
    file += ".py";
    if (std::filesystem::is_regular_file(file, ec)) return file.lexically_normal();
    auto package = root / relative / "__init__.py";
    if (std::filesystem::is_regular_file(package, ec)) return package.lexically_normal();
  }
  return std::nullopt;
}

}  // namespace connplan::celery::detail
