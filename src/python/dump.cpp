// S-expression dumps of the syntax tree, for tests and debugging. Recursion is bounded by the
// parser's limits (max_tree_height, max_nesting_depth).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "connplan/python/ast.hpp"

namespace connplan::python {

namespace {

std::string quote(std::string_view text, std::string_view prefix) {
  std::string out(prefix);
  out.push_back('\'');
  for (unsigned char c : text) {
    if (c == '\'' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('\'');
  return out;
}

std::string dump_constant(const constant& c) {
  switch (c.kind) {
    case constant_kind::none:
      return "None";
    case constant_kind::boolean:
      return c.boolean ? "True" : "False";
    case constant_kind::integer:
      return fmt::format("{}", c.integer);
    case constant_kind::big_integer:
      return std::string(c.text);
    case constant_kind::floating:
      return fmt::format("{}", c.floating);
    case constant_kind::imaginary:
      return fmt::format("{}j", c.floating);
    case constant_kind::string:
      return quote(c.text, "");
    case constant_kind::bytes:
      return quote(c.text, "b");
    case constant_kind::ellipsis:
      return "...";
  }
  return "?";
}

std::string join_dumps(node_list<expr> v) {
  std::string out;
  for (const expr& e : v) out += " " + dump(e);
  return out;
}

std::string dump_body(const std::vector<stmt>& body) {
  std::string out = "(";
  for (std::size_t i = 0; i < body.size(); ++i) out += (i ? " " : "") + dump(body[i]);
  return out + ")";
}

std::string dump_parameters(node_list<parameter> ps) {
  std::string out = "(";
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const parameter& p = ps[i];
    if (i) out += " ";
    if (p.kind == parameter_kind::var_positional) out += "*";
    if (p.kind == parameter_kind::var_keyword) out += "**";
    if (p.kind == parameter_kind::keyword_only) out += "kw:";
    if (p.kind == parameter_kind::positional_only) out += "pos:";
    out += p.name;
    if (!p.annotation.empty()) out += ":" + dump(p.annotation[0]);
    if (!p.default_value.empty()) out += "=" + dump(p.default_value[0]);
  }
  return out + ")";
}

std::string dump_keywords(node_list<keyword> kws) {
  std::string out;
  for (const keyword& k : kws) {
    out += k.name.empty() ? fmt::format(" (** {})", dump(k.value[0]))
                          : fmt::format(" (kw {} {})", k.name, dump(k.value[0]));
  }
  return out;
}

std::string dump_generators(node_list<comprehension> gens) {
  std::string out;
  for (const comprehension& c : gens) {
    out += fmt::format(" ({} {} {}", c.is_async ? "async-for" : "for", dump(c.target[0]),
                       dump(c.iter[0]));
    for (const expr& i : c.ifs) out += " (if " + dump(i) + ")";
    out += ")";
  }
  return out;
}

std::string dump_aliases(const std::vector<alias>& names) {
  std::string out;
  for (const alias& a : names) {
    out += a.as_name.empty() ? " " + a.name : fmt::format(" (as {} {})", a.name, a.as_name);
  }
  return out;
}

}  // namespace

std::string_view kind_name(expr_kind k) {
  switch (k) {
    case expr_kind::name:
      return "Name";
    case expr_kind::constant:
      return "Constant";
    case expr_kind::joined_string:
      return "JoinedStr";
    case expr_kind::formatted_value:
      return "FormattedValue";
    case expr_kind::tuple:
      return "Tuple";
    case expr_kind::list:
      return "List";
    case expr_kind::set:
      return "Set";
    case expr_kind::dict:
      return "Dict";
    case expr_kind::list_comp:
      return "ListComp";
    case expr_kind::set_comp:
      return "SetComp";
    case expr_kind::dict_comp:
      return "DictComp";
    case expr_kind::generator:
      return "GeneratorExp";
    case expr_kind::call:
      return "Call";
    case expr_kind::attribute:
      return "Attribute";
    case expr_kind::subscript:
      return "Subscript";
    case expr_kind::slice:
      return "Slice";
    case expr_kind::binary:
      return "BinOp";
    case expr_kind::unary:
      return "UnaryOp";
    case expr_kind::bool_op:
      return "BoolOp";
    case expr_kind::compare:
      return "Compare";
    case expr_kind::if_exp:
      return "IfExp";
    case expr_kind::lambda:
      return "Lambda";
    case expr_kind::named:
      return "NamedExpr";
    case expr_kind::await_:
      return "Await";
    case expr_kind::yield:
      return "Yield";
    case expr_kind::yield_from:
      return "YieldFrom";
    case expr_kind::starred:
      return "Starred";
    case expr_kind::empty:
      return "Empty";
  }
  return "?";
}

std::string_view kind_name(const stmt& s) {
  struct visitor {
    std::string_view operator()(const expr_stmt&) const { return "Expr"; }
    std::string_view operator()(const assign_stmt&) const { return "Assign"; }
    std::string_view operator()(const aug_assign_stmt&) const { return "AugAssign"; }
    std::string_view operator()(const ann_assign_stmt&) const { return "AnnAssign"; }
    std::string_view operator()(const import_stmt&) const { return "Import"; }
    std::string_view operator()(const import_from_stmt&) const { return "ImportFrom"; }
    std::string_view operator()(const if_stmt&) const { return "If"; }
    std::string_view operator()(const for_stmt& f) const { return f.is_async ? "AsyncFor" : "For"; }
    std::string_view operator()(const while_stmt&) const { return "While"; }
    std::string_view operator()(const try_stmt&) const { return "Try"; }
    std::string_view operator()(const with_stmt& w) const {
      return w.is_async ? "AsyncWith" : "With";
    }
    std::string_view operator()(const function_def& f) const {
      return f.is_async ? "AsyncFunctionDef" : "FunctionDef";
    }
    std::string_view operator()(const class_def&) const { return "ClassDef"; }
    std::string_view operator()(const return_stmt&) const { return "Return"; }
    std::string_view operator()(const raise_stmt&) const { return "Raise"; }
    std::string_view operator()(const delete_stmt&) const { return "Delete"; }
    std::string_view operator()(const pass_stmt&) const { return "Pass"; }
    std::string_view operator()(const break_stmt&) const { return "Break"; }
    std::string_view operator()(const continue_stmt&) const { return "Continue"; }
    std::string_view operator()(const global_stmt&) const { return "Global"; }
    std::string_view operator()(const nonlocal_stmt&) const { return "Nonlocal"; }
    std::string_view operator()(const assert_stmt&) const { return "Assert"; }
  };
  return std::visit(visitor{}, s.node);
}

std::string dump(const expr& e) {
  const auto& c = e.children;
  switch (e.kind) {
    case expr_kind::name:
      return std::string(e.name);
    case expr_kind::constant:
      return dump_constant(e.value());
    case expr_kind::joined_string:
      return "(f" + join_dumps(c) + ")";
    case expr_kind::formatted_value:
      return fmt::format("(fv {}{}{})", dump(c[0]),
                         e.name.empty() ? "" : " !" + std::string(e.name),
                         c.size() > 1 ? " " + dump(c[1]) : "");
    case expr_kind::tuple:
      return "(tuple" + join_dumps(c) + ")";
    case expr_kind::list:
      return "(list" + join_dumps(c) + ")";
    case expr_kind::set:
      return "(set" + join_dumps(c) + ")";
    case expr_kind::dict: {
      std::string out = "(dict";
      for (std::size_t i = 0; i + 1 < c.size(); i += 2) {
        out += c[i].kind == expr_kind::empty ? fmt::format(" (** {})", dump(c[i + 1]))
                                             : fmt::format(" ({} {})", dump(c[i]), dump(c[i + 1]));
      }
      return out + ")";
    }
    case expr_kind::list_comp:
      return "(listcomp" + join_dumps(c) + dump_generators(e.generators()) + ")";
    case expr_kind::set_comp:
      return "(setcomp" + join_dumps(c) + dump_generators(e.generators()) + ")";
    case expr_kind::dict_comp:
      return "(dictcomp" + join_dumps(c) + dump_generators(e.generators()) + ")";
    case expr_kind::generator:
      return "(genexp" + join_dumps(c) + dump_generators(e.generators()) + ")";
    case expr_kind::call:
      return "(call" + join_dumps(c) + dump_keywords(e.keywords()) + ")";
    case expr_kind::attribute:
      return fmt::format("(. {} {})", dump(c[0]), e.name);
    case expr_kind::subscript:
      return fmt::format("([] {} {})", dump(c[0]), dump(c[1]));
    case expr_kind::slice:
      return "(slice" + join_dumps(c) + ")";
    case expr_kind::binary:
    case expr_kind::bool_op:
    case expr_kind::unary:
      return "(" + std::string(e.op()) + join_dumps(c) + ")";
    case expr_kind::compare: {
      std::string out = "(cmp " + dump(c[0]);
      const node_list<std::string_view> ops = e.ops();
      for (std::size_t i = 0; i < ops.size(); ++i) {
        out += fmt::format(" {} {}", ops[i], dump(c[i + 1]));
      }
      return out + ")";
    }
    case expr_kind::if_exp:
      return fmt::format("(if {} {} {})", dump(c[1]), dump(c[0]), dump(c[2]));
    case expr_kind::lambda:
      return fmt::format("(lambda {} {})", dump_parameters(e.parameters()), dump(c[0]));
    case expr_kind::named:
      return fmt::format("(:= {} {})", e.name, dump(c[0]));
    case expr_kind::await_:
      return "(await " + dump(c[0]) + ")";
    case expr_kind::yield:
      return "(yield" + join_dumps(c) + ")";
    case expr_kind::yield_from:
      return "(yield-from " + dump(c[0]) + ")";
    case expr_kind::starred:
      return "(* " + dump(c[0]) + ")";
    case expr_kind::empty:
      return "_";
  }
  return "?";
}

std::string dump(const stmt& s) {
  struct visitor {
    std::string operator()(const expr_stmt& n) const { return "(expr " + dump(n.value) + ")"; }
    std::string operator()(const assign_stmt& n) const {
      return fmt::format("(assign ({}) {})", join_dumps(n.targets).substr(1), dump(n.value));
    }
    std::string operator()(const aug_assign_stmt& n) const {
      return fmt::format("({}= {} {})", n.op, dump(n.target), dump(n.value));
    }
    std::string operator()(const ann_assign_stmt& n) const {
      return fmt::format("(annassign {} {}{})", dump(n.target), dump(n.annotation),
                         n.value ? " " + dump(*n.value) : "");
    }
    std::string operator()(const import_stmt& n) const {
      return "(import" + dump_aliases(n.names) + ")";
    }
    std::string operator()(const import_from_stmt& n) const {
      return fmt::format("(from {}{}{})", std::string(static_cast<std::size_t>(n.level), '.'),
                         n.module, dump_aliases(n.names));
    }
    std::string operator()(const if_stmt& n) const {
      std::string out = "(if";
      for (const if_branch& b : n.branches) {
        out += fmt::format(" ({} {})", dump(b.test), dump_body(b.body));
      }
      if (!n.orelse.empty()) out += " (else " + dump_body(n.orelse) + ")";
      return out + ")";
    }
    std::string operator()(const for_stmt& n) const {
      return fmt::format("({} {} {} {}{})", n.is_async ? "async-for" : "for", dump(n.target),
                         dump(n.iter), dump_body(n.body),
                         n.orelse.empty() ? "" : " (else " + dump_body(n.orelse) + ")");
    }
    std::string operator()(const while_stmt& n) const {
      return fmt::format("(while {} {}{})", dump(n.test), dump_body(n.body),
                         n.orelse.empty() ? "" : " (else " + dump_body(n.orelse) + ")");
    }
    std::string operator()(const try_stmt& n) const {
      std::string out = "(try " + dump_body(n.body);
      for (const except_handler& h : n.handlers) {
        out += fmt::format(" (except {}{} {})", h.type ? dump(*h.type) : "_",
                           h.name.empty() ? "" : " as " + h.name, dump_body(h.body));
      }
      if (!n.orelse.empty()) out += " (else " + dump_body(n.orelse) + ")";
      if (!n.finalbody.empty()) out += " (finally " + dump_body(n.finalbody) + ")";
      return out + ")";
    }
    std::string operator()(const with_stmt& n) const {
      std::string out = n.is_async ? "(async-with" : "(with";
      for (const with_item& i : n.items) {
        out += i.target ? fmt::format(" (as {} {})", dump(i.context), dump(*i.target))
                        : " " + dump(i.context);
      }
      return out + " " + dump_body(n.body) + ")";
    }
    std::string operator()(const function_def& n) const {
      std::string out = fmt::format("({} {} {}", n.is_async ? "async-def" : "def", n.name,
                                    dump_parameters(n.parameters));
      if (n.returns) out += " (-> " + dump(*n.returns) + ")";
      if (!n.decorators.empty()) out += " (@" + join_dumps(n.decorators) + ")";
      return out + " " + dump_body(n.body) + ")";
    }
    std::string operator()(const class_def& n) const {
      std::string out = fmt::format("(class {} ({}{})", n.name,
                                    n.bases.empty() ? "" : join_dumps(n.bases).substr(1),
                                    dump_keywords(n.keywords));
      if (!n.decorators.empty()) out += " (@" + join_dumps(n.decorators) + ")";
      return out + " " + dump_body(n.body) + ")";
    }
    std::string operator()(const return_stmt& n) const {
      return n.value ? "(return " + dump(*n.value) + ")" : "(return)";
    }
    std::string operator()(const raise_stmt& n) const {
      std::string out = "(raise";
      if (n.exception) out += " " + dump(*n.exception);
      if (n.cause) out += " (from " + dump(*n.cause) + ")";
      return out + ")";
    }
    std::string operator()(const delete_stmt& n) const {
      return "(del" + join_dumps(n.targets) + ")";
    }
    std::string operator()(const pass_stmt&) const { return "(pass)"; }
    std::string operator()(const break_stmt&) const { return "(break)"; }
    std::string operator()(const continue_stmt&) const { return "(continue)"; }
    std::string operator()(const global_stmt& n) const {
      return "(global " + fmt::format("{}", fmt::join(n.names, " ")) + ")";
    }
    std::string operator()(const nonlocal_stmt& n) const {
      return "(nonlocal " + fmt::format("{}", fmt::join(n.names, " ")) + ")";
    }
    std::string operator()(const assert_stmt& n) const {
      return fmt::format("(assert {}{})", dump(n.test), n.message ? " " + dump(*n.message) : "");
    }
  };
  return std::visit(visitor{}, s.node);
}

std::string dump(const module& m) {
  std::string out;
  for (const stmt& s : m.body) out += dump(s) + "\n";
  return out;
}

}  // namespace connplan::python
