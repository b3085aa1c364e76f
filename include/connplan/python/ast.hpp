// The syntax tree of the Python subset connplan reads (Django settings, gunicorn and Celery
// config). Shaped after CPython's Lib/ast.py node set (3.11), reduced to what an abstract evaluator
// needs: assignment targets, calls with their arguments, literal values, operators, conditions,
// branches, imports, function and class names with their decorators. Every node remembers its span:
// the byte offsets of its source text, which the module turns into 1-based lines and byte columns
// (module::location).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "connplan/source.hpp"

namespace connplan::python {

namespace detail {
class node_storage;  // src/python/storage.hpp
}  // namespace detail

// Where a node is: byte offsets only (8 bytes), because a 10 MB file has millions of nodes. The
// module turns a span into lines and columns with its line index (`module::location`, `begin`,
// `end`): the begin is the position of the first byte, the (inclusive) end that of the last byte,
// or the begin for an empty span.
struct span {
  std::uint32_t begin_offset = 0;  // byte offset of the first byte in module::source
  std::uint32_t end_offset = 0;    // byte offset one past the last byte
  friend bool operator==(const span&, const span&) = default;
};

// The start of every line of a source text, to turn byte offsets into 1-based lines and byte
// columns. LF, CR LF and CR end a line (reference §2.1.2); a UTF-8 byte order mark is not part of
// the first line (columns count from after it, as the tokenizer skips it).
class line_index {
 public:
  line_index() = default;
  explicit line_index(std::string_view text);
  [[nodiscard]] source_position position(std::uint32_t offset) const;
  [[nodiscard]] std::size_t lines() const { return starts_.size(); }

 private:
  std::vector<std::uint32_t> starts_;
};

enum class constant_kind : std::uint8_t {
  none,
  boolean,
  integer,
  big_integer,
  floating,
  imaginary,
  string,
  bytes,
  ellipsis
};

// A literal value, decoded as CPython's tokenizer and parser decode it (Lib/ast.py `Constant`).
struct constant {
  constant_kind kind = constant_kind::none;
  bool boolean = false;
  std::int64_t integer = 0;  // integer
  double floating = 0;       // floating, imaginary (the imaginary part)
  // string: the decoded UTF-8 text (implicit concatenation joined); bytes: the decoded bytes;
  // big_integer: the decimal digits of an integer that does not fit in 64 bits. A view into
  // module::source (a literal without escapes) or into the module's node storage.
  std::string_view text;
  friend bool operator==(const constant&, const constant&) = default;
};

// A read-only run of nodes in the module's node storage (children, keywords, parameters, ...).
// Trivially copyable: copying a node copies a view, never the subtree. Valid while the module's
// `storage` lives (a parse_result or module keeps it; see module::storage).
template <class T>
class node_list {
 public:
  node_list() = default;
  node_list(const T* data, std::size_t size)
      : data_(data), size_(static_cast<std::uint32_t>(size)) {}
  [[nodiscard]] const T* begin() const { return data_; }
  [[nodiscard]] const T* end() const { return data_ + size_; }
  [[nodiscard]] std::reverse_iterator<const T*> rbegin() const {
    return std::reverse_iterator<const T*>(end());
  }
  [[nodiscard]] std::reverse_iterator<const T*> rend() const {
    return std::reverse_iterator<const T*>(begin());
  }
  [[nodiscard]] const T* data() const { return data_; }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] const T& operator[](std::size_t i) const { return data_[i]; }
  [[nodiscard]] const T& front() const { return data_[0]; }
  [[nodiscard]] const T& back() const { return data_[size_ - 1]; }

 private:
  const T* data_ = nullptr;
  std::uint32_t size_ = 0;
};

enum class expr_kind : std::uint8_t {
  name,             // name
  constant,         // value()
  joined_string,    // f-string: children are constant (string) and formatted_value parts
  formatted_value,  // children[0] the expression; name = conversion ("r", "s", "a" or "");
                    // children[1] (optional) the format spec, itself a joined_string
  tuple,            // children
  list,             // children
  set,              // children
  dict,             // children[2i] key, children[2i+1] value; for a `**m` item the key is an
                    // `empty` node and the value is m (CPython: key None)
  list_comp,        // children[0] element; generators()
  set_comp,         // children[0] element; generators()
  dict_comp,        // children[0] key, children[1] value; generators()
  generator,        // children[0] element; generators()
  call,             // children[0] callee, children[1..] positional arguments (maybe starred);
                    // keywords() (name empty for `**kwargs`)
  attribute,        // children[0] object; name = attribute
  subscript,        // children[0] object, children[1] index (a slice or a tuple for `a[1:2, 3]`)
  slice,            // children: lower, upper, step; a missing part is an `empty` node
  binary,      // op() in {"+","-","*","/","//","%","**","@","<<",">>","&","|","^"}; children[0..1]
  unary,       // op() in {"-","+","~","not"}; children[0]
  bool_op,     // op() in {"and","or"}; children (two or more, flat as in CPython)
  compare,     // children[0] left, children[i+1] compared with ops()[i]
  if_exp,      // children: body, test, orelse  (body if test else orelse)
  lambda,      // parameters(); children[0] body
  named,       // walrus: name = target, children[0] value
  await_,      // children[0]
  yield,       // children[0] (optional)
  yield_from,  // children[0]
  starred,     // *children[0]
  empty        // a missing optional part (slice bounds)
};

struct expr;
struct stmt;

struct keyword {
  std::string_view name;  // empty for `**kwargs`
  node_list<expr> value;  // exactly one element
  python::span where;
};

struct comprehension {
  node_list<expr> target;  // one element
  node_list<expr> iter;    // one element
  node_list<expr> ifs;
  bool is_async = false;
};

enum class parameter_kind { positional_only, normal, var_positional, keyword_only, var_keyword };

struct parameter {
  std::string_view name;
  parameter_kind kind = parameter_kind::normal;
  node_list<expr> annotation;     // zero or one
  node_list<expr> default_value;  // zero or one
  python::span where;
};

// Operators of binary, unary and bool_op nodes, as op() spells them.
enum class operator_code : std::uint8_t {
  none,
  add,
  sub,
  mul,
  div,
  floor_div,
  mod,
  pow,
  mat_mul,
  lshift,
  rshift,
  bit_and,
  bit_or,
  bit_xor,
  invert,
  not_,
  and_,
  or_
};
[[nodiscard]] std::string_view operator_text(operator_code op);

// An expression node: 96 bytes, trivially copyable. Children and rare payloads (a constant's
// value, a call's keywords, comparison operators, comprehension clauses, lambda parameters) live
// in the module's node storage, so moving a node through the parser's precedence levels is a
// plain copy and destroying a tree is freeing a few large blocks.
struct expr {
  expr_kind kind = expr_kind::empty;
  operator_code op_code = operator_code::none;  // binary, unary, bool_op
  std::uint32_t height = 1;  // 1 + the tallest child: bounds every recursive walk (CP006)
  python::span where;
  std::string_view text;  // the source text of the node, a view into module::source
  std::string_view name;  // name, attribute, named, formatted_value conversion
  node_list<expr> children;
  const void* payload = nullptr;  // by kind: constant, compare, call, comprehensions, lambda

  // "+", "not", "and", ... for binary, unary and bool_op; empty otherwise.
  [[nodiscard]] std::string_view op() const { return operator_text(op_code); }
  // constant: the value; any other kind: a `None` constant.
  [[nodiscard]] const constant& value() const;
  // compare: "<", "not in", "is not", ... (one per comparison)
  [[nodiscard]] node_list<std::string_view> ops() const;
  [[nodiscard]] node_list<python::keyword> keywords() const;          // call
  [[nodiscard]] node_list<python::comprehension> generators() const;  // comprehensions
  [[nodiscard]] node_list<python::parameter> parameters() const;      // lambda
};

// ---- statements -----------------------------------------------------------------------------

struct expr_stmt {
  expr value;
};
// `a = b = value`: targets in source order, each a name, attribute, subscript, tuple, list or
// starred.
struct assign_stmt {
  node_list<expr> targets;
  expr value;
};
struct aug_assign_stmt {
  expr target;
  std::string op;  // "+", "-", ... (the operator without '=')
  expr value;
};
struct ann_assign_stmt {
  expr target;
  expr annotation;
  std::optional<expr> value;
};
struct alias {
  std::string name;     // dotted module name, or the imported name for `from`, or "*"
  std::string as_name;  // empty when absent
  python::span where;
};
struct import_stmt {
  std::vector<alias> names;
};
struct import_from_stmt {
  std::string module;  // dotted name without the leading dots; empty for `from . import x`
  int level = 0;       // number of leading dots
  std::vector<alias> names;
};
struct if_branch {
  expr test;
  std::vector<stmt> body;
  python::span where;  // the `if` / `elif` keyword through the end of the branch's header
};
// `if/elif/.../else` flattened: one branch per `if` and `elif`, then the `else` body.
struct if_stmt {
  std::vector<if_branch> branches;
  std::vector<stmt> orelse;
};
struct for_stmt {
  expr target;
  expr iter;
  std::vector<stmt> body;
  std::vector<stmt> orelse;
  bool is_async = false;
};
struct while_stmt {
  expr test;
  std::vector<stmt> body;
  std::vector<stmt> orelse;
};
struct except_handler {
  std::optional<expr> type;  // absent for a bare `except:`
  std::string name;          // `as name`, empty when absent
  std::vector<stmt> body;
  python::span where;
};
struct try_stmt {
  std::vector<stmt> body;
  std::vector<except_handler> handlers;
  std::vector<stmt> orelse;
  std::vector<stmt> finalbody;
};
struct with_item {
  expr context;
  std::optional<expr> target;
};
struct with_stmt {
  std::vector<with_item> items;
  std::vector<stmt> body;
  bool is_async = false;
};
// Functions and classes are kept whole; the evaluator treats them as opaque callables (a gunicorn
// hook such as `post_fork` is a setting whose value is a function).
struct function_def {
  std::string name;
  node_list<parameter> parameters;
  node_list<expr> decorators;
  std::optional<expr> returns;
  std::vector<stmt> body;
  bool is_async = false;
};
struct class_def {
  std::string name;
  node_list<expr> bases;                // positional arguments, maybe starred
  node_list<python::keyword> keywords;  // metaclass=..., **kw
  node_list<expr> decorators;
  std::vector<stmt> body;
};
struct return_stmt {
  std::optional<expr> value;
};
struct raise_stmt {
  std::optional<expr> exception;
  std::optional<expr> cause;
};
struct delete_stmt {
  node_list<expr> targets;
};
struct pass_stmt {};
struct break_stmt {};
struct continue_stmt {};
struct global_stmt {
  std::vector<std::string> names;
};
struct nonlocal_stmt {
  std::vector<std::string> names;
};
struct assert_stmt {
  expr test;
  std::optional<expr> message;
};

using stmt_node =
    std::variant<expr_stmt, assign_stmt, aug_assign_stmt, ann_assign_stmt, import_stmt,
                 import_from_stmt, if_stmt, for_stmt, while_stmt, try_stmt, with_stmt, function_def,
                 class_def, return_stmt, raise_stmt, delete_stmt, pass_stmt, break_stmt,
                 continue_stmt, global_stmt, nonlocal_stmt, assert_stmt>;

struct stmt {
  python::span where;     // for def/class: from the `def`/`class` keyword (as CPython's lineno)
  std::string_view text;  // view into module::source
  stmt_node node;
};

struct module {
  std::string name;  // the display path given to parse_module
  // The text the spans point into (the input as given, BOM and CRLF included). Shared so that
  // moving or copying a module keeps every node's `text` view valid.
  std::shared_ptr<const std::string> source;
  // The nodes' storage (children, payloads, decoded strings): shared, so that moving or copying a
  // module, or keeping a node, keeps the whole tree valid.
  std::shared_ptr<const detail::node_storage> storage;
  // The line starts of `source` (shared as `source` is).
  std::shared_ptr<const line_index> lines;
  std::vector<stmt> body;

  // Line and column of a byte offset, of a span's first byte and of its last byte (inclusive;
  // the first for an empty span). {0, 0} when the module has no source.
  [[nodiscard]] source_position position(std::uint32_t offset) const;
  [[nodiscard]] source_position begin(const span& where) const;
  [[nodiscard]] source_position end(const span& where) const;
  [[nodiscard]] source_location location(const span& where) const {
    return {name, begin(where), end(where)};
  }
};

// The kind names CPython's ast module uses ("Assign", "If", "Call", ...).
[[nodiscard]] std::string_view kind_name(const stmt& s);
[[nodiscard]] std::string_view kind_name(expr_kind k);

// A compact S-expression, for tests: `(assign (x) 1)`, `(call (. app conf) 'x' (kw a 1))`.
[[nodiscard]] std::string dump(const expr& e);
[[nodiscard]] std::string dump(const stmt& s);
[[nodiscard]] std::string dump(const module& m);

}  // namespace connplan::python
