// The abstract interpreter: statements in order over a module namespace, branches on copies of the
// state joined afterwards, imports through a module cache, calls of functions defined in the file.
// Nothing is ever executed: library calls are either modelled (environment readers, URL helpers,
// builtins) or logged and unknown.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "connplan/python/evaluate.hpp"
#include "connplan/python/parse.hpp"
#include "pyeval/values.hpp"

namespace connplan::python {

namespace detail {
using ns_map = std::map<std::string, value>;

// One evaluated (or being evaluated) file.
struct module_state {
  std::string dotted;  // "settings.base", or the file's stem for the entry file
  std::filesystem::path file;
  std::string display;
  std::shared_ptr<ns_map> ns = std::make_shared<ns_map>();
  std::shared_ptr<const parse_result> parsed;  // keeps the syntax tree (and function bodies) alive
  bool loading = false;
};
}  // namespace detail

// What a value of kind callable/module/object is behind its name (declared in evaluate.hpp).
struct opaque_state {
  enum class what { function, lambda, class_type, module, bound_method, builtin } kind;
  // function / lambda: the code, its module (globals) and enclosing function scope.
  std::shared_ptr<const parse_result> code_owner;
  const function_def* def = nullptr;
  const expr* lambda_expr = nullptr;
  std::vector<std::optional<value>> defaults;  // one per parameter
  std::shared_ptr<detail::module_state> module;
  std::shared_ptr<detail::ns_map> closure;
  // class_type: base classes (their attributes are found through them)
  std::vector<value> bases;
  // bound_method / builtin: the method or builtin name, and the receiver.
  std::string method;
  std::optional<value> receiver;
};

namespace detail {

inline constexpr int max_call_depth = 20;
inline constexpr int max_import_depth = 32;
inline constexpr std::int64_t max_loop_iterations = 10000;
inline constexpr std::int64_t max_total_iterations = 200000;
inline constexpr int max_expression_depth = 400;

struct call_args {
  std::vector<value> positional;
  std::vector<std::pair<std::string, value>> keywords;
  [[nodiscard]] const value* keyword(std::string_view name) const;
  // The argument at `index`, or the keyword `name`.
  [[nodiscard]] const value* get(std::size_t index, std::string_view name) const;
};

// Where a call happens: the call expression's text, its location and the source for results.
struct call_site {
  std::string_view expr;
  source_location where;
  [[nodiscard]] source origin() const { return source::from_file(where); }
};

enum class flow { normal, returned, broke, continued, raised };

struct frame {
  std::shared_ptr<module_state> module;
  std::shared_ptr<ns_map> locals;   // null at module level
  std::shared_ptr<ns_map> closure;  // the enclosing function's scope, for nested functions
  std::set<std::string> globals_declared;
  const function_def* function = nullptr;
  flow state = flow::normal;
  std::string raised;                 // the exception type name when state == raised
  std::optional<value> returned;      // the value of a definite `return`
  std::vector<value> maybe_returned;  // values returned on some paths only
  bool maybe_broke = false;           // a `break` on some paths only
};

class interpreter {
 public:
  explicit interpreter(const evaluate_options& options);
  // Breaks the reference cycles evaluation creates (cycles.cpp).
  ~interpreter();
  interpreter(const interpreter&) = delete;
  interpreter& operator=(const interpreter&) = delete;

  module_result run(const std::filesystem::path& file, std::optional<std::string_view> text);

  // ---- used by the library models ----
  [[nodiscard]] std::optional<std::string> env(const std::string& name) const;
  void env_set_default(const std::string& name, const std::string& v);
  void env_set(const std::string& name, const std::string& v) { env_[name] = v; }
  [[nodiscard]] std::optional<int> cpus() const { return options_.cpus; }
  void log_call(std::string callee, const call_args& args, const call_site& site);
  // Calls any value (a function of the file, a builtin, a modelled library function).
  value call_value(const value& callee, call_args args, const call_site& site);

 public:  // an internal class: the expression evaluator and the library models share these
  // statements
  void exec_block(frame& f, const std::vector<stmt>& body);
  void exec(frame& f, const stmt& s);
  void exec_assign(frame& f, const stmt& s, const assign_stmt& a);
  void exec_aug_assign(frame& f, const stmt& s, const aug_assign_stmt& a);
  void exec_if(frame& f, const if_stmt& s);
  void exec_for(frame& f, const stmt& s, const for_stmt& loop);
  void exec_while(frame& f, const stmt& s, const while_stmt& loop);
  void exec_try(frame& f, const try_stmt& t);
  void exec_import(frame& f, const stmt& s, const import_stmt& imp);
  void exec_import_from(frame& f, const stmt& s, const import_from_stmt& imp);
  void exec_def(frame& f, const stmt& s, const function_def& def);
  void exec_class(frame& f, const stmt& s, const class_def& def);
  void exec_delete(frame& f, const stmt& s, const delete_stmt& d);
  void unknown_loop(frame& f, const stmt& s, const expr& target, const std::vector<stmt>& body,
                    const std::string& reason);

  // branches
  struct branch_result {
    std::shared_ptr<ns_map> globals;
    std::shared_ptr<ns_map> locals;
    copy_memo memo;
    flow state = flow::normal;
    std::string raised;
    std::optional<value> returned;
    std::vector<value> maybe_returned;
    bool maybe_broke = false;
  };
  branch_result run_branch(frame& f, const std::function<void()>& body);
  void merge(frame& f, std::vector<branch_result>& branches, std::string_view expr,
             const source& origin);
  value join_value(const value* pre, const std::vector<value>& vs,
                   const std::vector<branch_result*>& branches, std::string_view expr,
                   const source& origin, int depth);
  bool join_container(const value& pre, const std::vector<value>& copies,
                      const std::vector<branch_result*>& branches, std::string_view expr,
                      const source& origin, int depth);

 public:
  // stores (used by expressions too: walrus)
  void store(frame& f, const expr& target, const value& v, const stmt* statement,
             write_event::how how, bool fresh);
  void bind_name(frame& f, const std::string& name, const value& v, const source_location& where,
                 write_event::how how, bool fresh, std::string_view expr_text);
  // private_copy: `v` is part of a snapshot the log already took (a fresh dict's member).
  void log_write(std::string target, const value& v, const source_location& where,
                 write_event::how how, bool fresh, int depth = 0, bool private_copy = false);
  std::optional<value> lookup(const frame& f, const std::string& name) const;
  [[nodiscard]] std::string target_path(frame& f, const expr& e);
  [[nodiscard]] bool conditional() const { return conditional_depth_ > 0; }
  [[nodiscard]] source_location location(const frame& f, const span& where) const;
  value eval(frame& f, const expr& e);
  value call_function(const value& fn, call_args args, const call_site& site);
  value make_class_instance(const value& cls, const call_site& site);
  value attribute(const value& obj, const std::string& name, const call_site& site);
  bool consume_iterations(std::int64_t n);

  // imports
  std::shared_ptr<module_state> load_module(const std::filesystem::path& file,
                                            const std::string& dotted, const source_location& at);
  struct resolved {
    enum class status { file, package_dir, opaque, missing, outside, unreadable } what;
    std::filesystem::path file;  // the .py file (or __init__.py); package_dir: the directory
  };
  resolved resolve(const std::filesystem::path& base, const std::vector<std::string>& parts,
                   std::size_t count);
  std::optional<value> import_dotted(frame& f, const std::string& dotted, int level,
                                     const source_location& at, bool bind_top, value& leaf);
  value module_value(const std::shared_ptr<module_state>& m);
  // A new function, lambda, class, module or bound-method state. Every one is remembered (weakly)
  // so that the destructor can cut the cycles it is part of even when nothing the run returns can
  // reach it any more (a bound method of an object the file rebound: cycles.cpp).
  std::shared_ptr<opaque_state> new_opaque(opaque_state::what kind);
  std::optional<read_result> read_cached(const std::filesystem::path& p);

  const evaluate_options& options_;
  std::map<std::string, std::string> env_;
  module_result result_;
  std::map<std::filesystem::path, std::shared_ptr<module_state>> modules_;
  std::map<std::filesystem::path, read_result> reads_;
  std::vector<std::shared_ptr<const parse_result>> parsed_;
  int conditional_depth_ = 0;
  int call_depth_ = 0;
  int import_depth_ = 0;
  int expression_depth_ = 0;
  int import_error_handlers_ = 0;  // enclosing `try` blocks that catch ImportError
  int opaque_imports_ = 0;         // imports of modules that are not files of the project
  std::int64_t iterations_ = 0;
  std::vector<const function_def*> call_stack_;
  std::set<const void*> joined_;  // containers already joined by the current merge
  std::optional<std::string_view> entry_text_;
  std::vector<std::weak_ptr<opaque_state>> opaques_;  // see new_opaque
};

// The builtins and methods of known values (builtins.cpp); nullopt when not modelled.
std::optional<value> call_builtin(interpreter& in, const std::string& name, call_args& args,
                                  const call_site& site);
std::optional<value> call_method(interpreter& in, const value& receiver, const std::string& method,
                                 call_args& args, const call_site& site,
                                 const std::string& receiver_path);
[[nodiscard]] bool is_builtin_name(std::string_view name);
[[nodiscard]] bool has_method(const value& receiver, std::string_view method);
// int(text, base) and float(text) with Python's rules (builtins.cpp).
std::optional<std::int64_t> parse_python_int(std::string_view text, int base, std::string& error);
std::optional<double> parse_python_float(std::string_view text);
// Iterating a known value: its elements (dict keys, string characters); nullopt if not known.
std::optional<std::vector<value>> iterate(const value& v);

// The library models (environment.cpp, database_url.cpp): a call of the qualified name
// (`os.getenv`, `environ.Env().int`, `dj_database_url.config`), nullopt when not modelled.
std::optional<value> call_library(interpreter& in, const std::string& qualified,
                                  const value* receiver, call_args& args, const call_site& site);
// Attribute of a library object that is itself modelled (`os.environ`), else nullopt.
std::optional<value> library_attribute(const value& obj, const std::string& name,
                                       const source& origin);
// `key in os.environ` and `os.environ[key]`.
std::optional<value> environ_subscript(interpreter& in, const value& obj, const value& key,
                                       const call_site& site);
std::optional<value> environ_contains(interpreter& in, const value& obj, const value& key,
                                      const call_site& site);

// dj-database-url and django-environ URL helpers (database_url.cpp).
value dj_database_url_parse(const value& url, const call_args& args, std::size_t first_option,
                            const call_site& site);
value environ_db_url_config(const value& url, const value* engine, const call_site& site);

}  // namespace detail
}  // namespace connplan::python
