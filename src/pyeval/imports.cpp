// Imports (The Python Language Reference 3.11 §5 "The import system" and §7.11): modules that are
// files of the project are evaluated once (a cache keyed by real path; a module being initialised
// is seen partially, as Python's sys.modules entry is), everything else is an opaque module.
#include <fmt/format.h>

#include "connplan/python/parse.hpp"
#include "pyeval/interpreter.hpp"

namespace connplan::python::detail {
namespace {

std::vector<std::string> split_dotted(std::string_view dotted) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start < dotted.size()) {
    std::size_t dot = dotted.find('.', start);
    if (dot == std::string_view::npos) dot = dotted.size();
    if (dot > start) parts.emplace_back(dotted.substr(start, dot - start));
    start = dot + 1;
  }
  return parts;
}

std::string join_dotted(const std::vector<std::string>& parts, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count && i < parts.size(); ++i) {
    if (i != 0) out += '.';
    out += parts[i];
  }
  return out;
}

bool is_capwords(std::string_view name) {
  if (name.empty() || !std::isupper(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (std::islower(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

std::filesystem::path normal(const std::filesystem::path& p) {
  std::error_code ec;
  std::filesystem::path c = std::filesystem::weakly_canonical(p, ec);
  return ec ? p.lexically_normal() : c;
}

}  // namespace

std::optional<read_result> interpreter::read_cached(const std::filesystem::path& p) {
  auto it = reads_.find(p);
  if (it != reads_.end()) return it->second;
  read_result r = options_.reader(p, options_.limits);
  reads_.emplace(p, r);
  return r;
}

interpreter::resolved interpreter::resolve(const std::filesystem::path& base,
                                           const std::vector<std::string>& parts,
                                           std::size_t count) {
  std::filesystem::path dir = base;
  for (std::size_t i = 0; i < count; ++i) dir /= parts[i];
  dir = dir.lexically_normal();
  if (!options_.root.may_read(dir)) return {resolved::status::outside, dir};
  auto exists = [&](const std::filesystem::path& p, bool& unreadable) {
    std::optional<read_result> r = read_cached(p);
    if (const auto* failure = std::get_if<read_failure>(&*r)) {
      if (failure->kind == read_failure_kind::missing) return false;
      if (failure->kind != read_failure_kind::not_regular) unreadable = true;
      return failure->kind != read_failure_kind::not_regular;
    }
    return true;
  };
  bool unreadable = false;
  std::filesystem::path init = dir / "__init__.py";
  if (exists(init, unreadable)) {
    return {unreadable ? resolved::status::unreadable : resolved::status::file, init};
  }
  std::filesystem::path file = dir;
  file += ".py";
  if (exists(file, unreadable)) {
    return {unreadable ? resolved::status::unreadable : resolved::status::file, file};
  }
  // A directory without __init__.py is a namespace package (PEP 420).
  std::optional<read_result> d = read_cached(dir);
  if (const auto* failure = std::get_if<read_failure>(&*d)) {
    if (failure->kind == read_failure_kind::not_regular)
      return {resolved::status::package_dir, dir};
  }
  return {resolved::status::missing, dir};
}

std::shared_ptr<module_state> interpreter::load_module(const std::filesystem::path& file,
                                                       const std::string& dotted,
                                                       const source_location& at) {
  std::filesystem::path key = normal(file);
  auto cached = modules_.find(key);
  if (cached != modules_.end()) return cached->second;  // done, or partially initialised (a cycle)
  if (import_depth_ >= max_import_depth) {
    result_.findings.push_back(
        make_finding("CP006", fmt::format("imports nested deeper than {} levels", max_import_depth),
                     at, "import:" + dotted));
    return nullptr;
  }
  auto m = std::make_shared<module_state>();
  m->dotted = dotted;
  m->file = file;
  m->display = options_.root.display(file);
  std::string text;
  if (entry_text_ && modules_.empty()) {
    text = std::string(*entry_text_);
  } else {
    std::optional<read_result> r = read_cached(file);
    if (const auto* failure = std::get_if<read_failure>(&*r)) {
      bool limit = failure->kind == read_failure_kind::too_large;
      result_.findings.push_back(make_finding(
          limit ? "CP006" : "CP005",
          fmt::format("cannot read {}: {}", m->display, failure->message), at, "import:" + dotted));
      return nullptr;
    }
    text = std::get<std::string>(*r);
  }
  auto parsed = std::make_shared<parse_result>(parse_module(text, m->display));
  for (const finding& fnd : parsed->findings) result_.findings.push_back(fnd);
  if (!parsed->complete) result_.complete = false;
  m->parsed = parsed;
  (*m->ns)["__name__"] = make_str(dotted, source::default_value());
  (*m->ns)["__file__"] = make_str(file.string(), source::default_value());
  modules_.emplace(key, m);
  result_.chain.push_back(m->display);
  m->loading = true;
  ++import_depth_;
  frame top;
  top.module = m;
  // Statements of an imported module run unconditionally relative to the import itself.
  int saved_handlers = import_error_handlers_;
  import_error_handlers_ = 0;
  exec_block(top, parsed->module.body);
  import_error_handlers_ = saved_handlers;
  --import_depth_;
  m->loading = false;
  return m;
}

std::optional<value> interpreter::import_dotted(frame& f, const std::string& dotted, int level,
                                                const source_location& at, bool bind_top,
                                                value& leaf) {
  std::vector<std::string> parts = split_dotted(dotted);
  std::filesystem::path base;
  std::string prefix;
  if (level > 0) {
    base = f.module->file.parent_path();
    for (int i = 1; i < level; ++i) base = base.parent_path();
    // The package's dotted name, for module names of relative imports.
    std::vector<std::string> pkg = split_dotted(f.module->dotted);
    bool is_init = f.module->file.filename() == "__init__.py";
    std::size_t drop = static_cast<std::size_t>(level) - (is_init ? 1 : 0);
    if (drop <= pkg.size()) {
      pkg.resize(pkg.size() - drop);
      prefix = join_dotted(pkg, pkg.size());
    }
  } else {
    // The first python_path root holding the top-level name (Library reference, sys.path).
    std::vector<std::filesystem::path> roots = options_.python_path;
    if (roots.empty()) roots.push_back(options_.root.dir);
    bool found = false;
    for (const std::filesystem::path& root : roots) {
      if (parts.empty()) break;
      resolved r = resolve(root, parts, 1);
      // A directory without __init__.py only counts when the whole dotted name is there: an
      // installed regular package of that name wins over a namespace portion (PEP 420).
      if (r.what == resolved::status::package_dir &&
          resolve(root, parts, parts.size()).what == resolved::status::missing) {
        continue;
      }
      if (r.what != resolved::status::missing && r.what != resolved::status::outside) {
        base = root;
        found = true;
        break;
      }
    }
    if (!found) {
      ++opaque_imports_;
      value top =
          make_opaque(value_kind::module, parts.empty() ? dotted : parts[0], source::from_file(at));
      leaf = make_opaque(value_kind::module, dotted, source::from_file(at));
      return bind_top ? top : leaf;
    }
  }
  std::shared_ptr<module_state> parent;
  std::optional<value> first;
  std::size_t count = parts.size();
  for (std::size_t i = 0; i <= count; ++i) {
    if (i == 0 && level == 0) continue;  // absolute imports start at the first name
    std::size_t n = i;
    std::string name = join_dotted(parts, n);
    if (!prefix.empty()) name = name.empty() ? prefix : prefix + "." + name;
    resolved r = resolve(base, parts, n);
    std::shared_ptr<module_state> m;
    switch (r.what) {
      case resolved::status::file:
        m = load_module(r.file, name, at);
        break;
      case resolved::status::package_dir: {
        std::filesystem::path key = normal(r.file);
        auto it = modules_.find(key);
        if (it != modules_.end()) {
          m = it->second;
        } else {
          m = std::make_shared<module_state>();
          m->dotted = name;
          m->file = r.file / "__init__.py";
          m->display = options_.root.display(r.file);
          modules_.emplace(key, m);
        }
        break;
      }
      case resolved::status::outside:
        result_.findings.push_back(
            make_finding("CP007",
                         fmt::format("{} is outside the project root and is not read",
                                     options_.root.display(r.file)),
                         at, "import:" + name));
        leaf =
            make_unknown(dotted, "the module is outside the project root", source::from_file(at));
        return std::nullopt;
      case resolved::status::unreadable:
        result_.findings.push_back(
            make_finding("CP005", fmt::format("cannot read {}", options_.root.display(r.file)), at,
                         "import:" + name));
        leaf = make_unknown(dotted, "the module cannot be read", source::from_file(at));
        return std::nullopt;
      case resolved::status::missing:
        if (import_error_handlers_ > 0) {
          f.state = flow::raised;
          f.raised = "ImportError";
        } else {
          result_.findings.push_back(make_finding(
              "CP005", fmt::format("no module named '{}'", name), at, "import:" + name));
        }
        leaf =
            make_unknown(dotted, fmt::format("no module named '{}'", name), source::from_file(at));
        return std::nullopt;
      case resolved::status::opaque:
        break;
    }
    if (!m) {
      leaf = make_unknown(dotted, "the module could not be evaluated", source::from_file(at));
      return std::nullopt;
    }
    value mv = module_value(m);
    // Importing a submodule binds it as an attribute of its package (Reference §5.4.2).
    if (parent && n > 0) (*parent->ns)[parts[n - 1]] = mv;
    if (!first) first = mv;
    parent = m;
    leaf = mv;
  }
  return bind_top ? *first : leaf;
}

void interpreter::exec_import(frame& f, const stmt& s, const import_stmt& imp) {
  source_location at = location(f, s.where);
  for (const alias& a : imp.names) {
    value leaf;
    std::optional<value> bound = import_dotted(f, a.name, 0, at, a.as_name.empty(), leaf);
    if (f.state == flow::raised) return;
    std::string name = !a.as_name.empty() ? a.as_name : a.name.substr(0, a.name.find('.'));
    bind_name(f, name, bound ? *bound : leaf, at, write_event::how::name_import, false, {});
  }
}

void interpreter::exec_import_from(frame& f, const stmt& s, const import_from_stmt& imp) {
  source_location at = location(f, s.where);
  value leaf;
  std::optional<value> mod = import_dotted(f, imp.module, imp.level, at, false, leaf);
  if (f.state == flow::raised) return;
  const module_state* m = mod && mod->internal ? mod->internal->module.get() : nullptr;
  for (const alias& a : imp.names) {
    if (a.name == "*") {
      if (m == nullptr) continue;  // an opaque module's names are not known
      // Public names, or `__all__` (Reference §7.11).
      std::vector<std::string> names;
      auto all = m->ns->find("__all__");
      if (all != m->ns->end() && all->second.items) {
        for (const value& n : *all->second.items) {
          if (n.kind == value_kind::string) names.push_back(n.text);
        }
      } else {
        for (const auto& [name, v] : *m->ns) {
          if (!name.empty() && name[0] != '_') names.push_back(name);
        }
      }
      std::vector<std::pair<std::string, value>> copies;
      for (const std::string& name : names) {
        auto it = m->ns->find(name);
        if (it != m->ns->end()) copies.emplace_back(name, it->second);
      }
      for (auto& [name, v] : copies) {
        bind_name(f, name, v, at, write_event::how::star_import, false, {});
      }
      continue;
    }
    std::string bound_as = a.as_name.empty() ? a.name : a.as_name;
    value v;
    if (m != nullptr) {
      auto it = m->ns->find(a.name);
      if (it != m->ns->end()) {
        v = it->second;
      } else {
        // `from package import submodule`
        value sub_leaf;
        std::string dotted = imp.module.empty() ? a.name : imp.module + "." + a.name;
        int saved = import_error_handlers_;
        std::optional<value> sub = import_dotted(f, dotted, imp.level, at, false, sub_leaf);
        import_error_handlers_ = saved;
        if (f.state == flow::raised) return;
        v = sub ? *sub : sub_leaf;
      }
    } else if (mod && mod->kind == value_kind::module) {
      std::string qualified = mod->text + "." + a.name;
      v = is_capwords(a.name) ? make_opaque(value_kind::callable, qualified, source::from_file(at))
                              : make_opaque(value_kind::object, qualified, source::from_file(at));
    } else {
      v = make_unknown(a.name,
                       leaf.kind == value_kind::unknown ? leaf.reason : "the module is not known",
                       source::from_file(at));
    }
    bind_name(f, bound_as, v, at, write_event::how::name_import, false, {});
  }
}

module_result interpreter::run(const std::filesystem::path& file,
                               std::optional<std::string_view> text) {
  entry_text_ = text;
  std::filesystem::path absolute = file.is_absolute() ? file : std::filesystem::absolute(file);
  absolute = absolute.lexically_normal();
  // The module's dotted name from the first python_path root containing it.
  std::vector<std::filesystem::path> roots = options_.python_path;
  if (roots.empty()) roots.push_back(options_.root.dir);
  std::string dotted = absolute.stem().string();
  for (const std::filesystem::path& root : roots) {
    std::filesystem::path rel = absolute.lexically_relative(root);
    if (rel.empty() || *rel.begin() == "..") continue;
    std::string name;
    for (const auto& part : rel.parent_path()) name += part.string() + ".";
    name += absolute.stem().string();
    if (absolute.filename() == "__init__.py") name = name.substr(0, name.size() - 9);
    dotted = name;
    break;
  }
  result_.path = options_.root.display(absolute);
  source_location at{result_.path, {}, {}};
  if (!text) {
    std::optional<read_result> r = read_cached(absolute);
    if (const auto* failure = std::get_if<read_failure>(&*r)) {
      result_.findings.push_back(make_finding(
          failure->kind == read_failure_kind::too_large ? "CP006" : "CP005",
          fmt::format("cannot read {}: {}", result_.path, failure->message), at, "read"));
      result_.complete = false;
      return std::move(result_);
    }
  }
  std::shared_ptr<module_state> m = load_module(absolute, dotted, at);
  if (m) result_.globals = *m->ns;
  return std::move(result_);
}

}  // namespace connplan::python::detail
