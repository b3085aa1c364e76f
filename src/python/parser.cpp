// A recursive-descent parser over the tokens of tokenizer.cpp, following the statement and
// expression grammar of The Python Language Reference 3.11 (chapters 6-8) and CPython's
// Grammar/python.gram @ v3.11. Every recursive rule passes through a depth guard (CP006), and
// every node's height is bounded, so no input can exhaust the stack.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <memory>

#include "connplan/python/parse.hpp"
#include "python/encoding.hpp"
#include "python/literals.hpp"
#include "python/storage.hpp"
#include "python/token_window.hpp"
#include "python/tokenizer.hpp"

namespace connplan::python {

namespace detail {

namespace {

struct syntax_error {
  std::string message;
  span where;
};
struct limit_error {
  std::string message;
  span where;
};

// The packed spelling of a keyword or operator (tokenizer.hpp), at compile time.
consteval std::uint64_t w(const char* s) {
  return pack_word(s);
}

constexpr std::array<std::uint64_t, 13> augmented = {w("+="),  w("-="),  w("*="), w("@="), w("/="),
                                                     w("%="),  w("&="),  w("|="), w("^="), w("<<="),
                                                     w(">>="), w("**="), w("//=")};

span join(const span& a, const span& b) {
  return {a.begin_offset, b.end_offset};
}

// What the parser of a file and the parsers of its f-string fields share: the recursion depth,
// the node storage, and the stacks on which lists of nodes are built before they are copied into
// the storage in one piece (a list under construction is always on top: the grammar nests).
struct parse_context {
  int depth = 0;
  node_storage* store = nullptr;
  std::vector<expr> items;
  std::vector<keyword> keywords;
};

class parser {
 public:
  parser(std::string_view text, token_window& tokens, parse_context& context)
      : text_(text),
        tokens_(tokens),
        context_(context),
        depth_(context.depth),
        store_(*context.store),
        items_(context.items),
        keywords_(context.keywords) {}

  // file: statements ENDMARKER
  std::vector<stmt> file(parse_result& result) {
    result_ = &result;
    std::vector<stmt> body;
    while (peek().kind != token_kind::end) {
      // Between top-level statements no token is referenced: keep only the last one read
      // (last_span) and what follows.
      tokens_.forget_before(pos_ == 0 ? 0 : pos_ - 1);
      statement_into(body);
    }
    sync_problems();
    // No shrink_to_fit: it copies the body while the old one is alive, which at 1 MB of settings
    // was the parse's peak (+1.9 MB); the slack it would free is at most what it costs at peak.
    return body;
  }

  // An f-string replacement field: star_expressions or a yield expression, then the end.
  expr field_expression() {
    expr e = at_keyword("yield") ? yield_expression() : star_expressions();
    if (peek().kind != token_kind::end) fail();
    return e;
  }

 private:
  // ---- tokens -------------------------------------------------------------------------------
  const token& peek(std::size_t k = 0) const { return tokens_.at(pos_ + k); }
  const token& next() {
    const token& t = tokens_.at(pos_);
    if (tokens_.has(pos_ + 1)) ++pos_;
    return t;
  }
  bool at_op(token_word op, std::size_t k = 0) const {
    const token& t = peek(k);
    return t.kind == token_kind::op && t.word == op.word;
  }
  bool at_keyword(token_word kw, std::size_t k = 0) const {
    const token& t = peek(k);
    return t.kind == token_kind::name && t.word == kw.word;
  }
  bool accept_op(token_word op) {
    if (!at_op(op)) return false;
    next();
    return true;
  }
  bool accept_keyword(token_word kw) {
    if (!at_keyword(kw)) return false;
    next();
    return true;
  }
  const token& expect_op(token_word op) {
    if (!at_op(op)) fail(fmt::format("expected '{}'", op.text));
    return next();
  }
  const token& expect_keyword(token_word kw) {
    if (!at_keyword(kw)) fail(fmt::format("expected '{}'", kw.text));
    return next();
  }
  std::string expect_name() { return std::string(expect_name_view()); }
  std::string_view expect_name_view() {
    if (peek().kind != token_kind::name || peek().keyword) fail("expected a name");
    return next().text;
  }

  // Raises the error for the current token, in CPython's words where it has some.
  [[noreturn]] void fail(std::string message = "invalid syntax") const {
    const token& t = peek();
    switch (t.kind) {
      case token_kind::error:
        throw syntax_error{std::string(t.text), t.where};
      case token_kind::indent:
        throw syntax_error{"unexpected indent", t.where};
      case token_kind::dedent:
        throw syntax_error{"unexpected unindent", t.where};
      case token_kind::end:
        throw syntax_error{"unexpected end of file", t.where};
      case token_kind::newline:
        // the NEWLINE added at the end of the file (an unclosed bracket hides the real ones)
        if (t.where.begin_offset >= text_.size()) {
          throw syntax_error{"unexpected end of file", t.where};
        }
        break;
      default:
        break;
    }
    if (t.kind == token_kind::op && (t.word == w(")") || t.word == w("]") || t.word == w("}")) &&
        message == "invalid syntax") {
      message = fmt::format("unmatched '{}'", t.text);
    }
    throw syntax_error{std::move(message), t.where};
  }

  // ---- depth and node helpers ---------------------------------------------------------------
  class depth_guard {
   public:
    depth_guard(int& depth, const span& where) : depth_(depth) {
      if (++depth_ > max_nesting_depth) {
        --depth_;
        throw limit_error{
            fmt::format("too deeply nested (connplan's limit is {} levels)", max_nesting_depth),
            where};
      }
    }
    ~depth_guard() { --depth_; }
    depth_guard(const depth_guard&) = delete;
    depth_guard& operator=(const depth_guard&) = delete;

   private:
    int& depth_;
  };

  std::string_view text_of(const span& s) const {
    return text_.substr(s.begin_offset, s.end_offset - s.begin_offset);
  }

  static std::uint32_t height_of(node_list<expr> v) {
    std::uint32_t h = 0;
    for (const expr& e : v) h = std::max(h, e.height);
    return h;
  }

  expr make(expr_kind kind, span where, node_list<expr> children = {}) {
    expr e;
    e.kind = kind;
    e.where = where;
    e.text = text_of(where);
    e.children = children;
    finish(e);
    return e;
  }
  expr make_constant(span where, const constant& value) {
    expr e = make(expr_kind::constant, where);
    e.payload = store_.one(value);
    return e;
  }
  expr make_string(span where, std::string_view text, constant_kind kind = constant_kind::string) {
    constant c;
    c.kind = kind;
    c.text = text;
    return make_constant(where, c);
  }

  // A node around one child, from `start` to the child's end.
  expr wrap(expr_kind kind, const span& start, const expr& child) {
    return make(kind, join(start, child.where), one(child));
  }
  // A node over its children, from the first's start to the last's end.
  expr make_items(expr_kind kind, node_list<expr> items) {
    return make(kind, join(items.front().where, items.back().where), items);
  }

  // Lists of nodes: pushed on items_ above `mark`, then copied into the storage in one piece.
  std::size_t mark() const { return items_.size(); }
  node_list<expr> commit(std::size_t from) {
    const node_list<expr> out = store_.list(items_.data() + from, items_.size() - from);
    items_.resize(from);
    return out;
  }
  node_list<expr> one(const expr& a) { return {store_.one(a), 1}; }
  node_list<expr> two(const expr& a, const expr& b) {
    const std::array<expr, 2> v{a, b};
    return store_.list(v.data(), v.size());
  }
  node_list<expr> three(const expr& a, const expr& b, const expr& c) {
    const std::array<expr, 3> v{a, b, c};
    return store_.list(v.data(), v.size());
  }

  // Sets the height; a tree taller than the limit is refused (CP006) so walks stay bounded.
  void finish(expr& e) {
    std::uint32_t h = height_of(e.children);
    if (e.payload != nullptr) {
      for (const keyword& k : e.keywords()) h = std::max(h, height_of(k.value));
      for (const comprehension& c : e.generators()) {
        h = std::max({h, height_of(c.target), height_of(c.iter), height_of(c.ifs)});
      }
      for (const parameter& p : e.parameters()) {
        h = std::max({h, height_of(p.annotation), height_of(p.default_value)});
      }
    }
    e.height = h + 1;
    if (e.height > max_tree_height) {
      throw limit_error{fmt::format("expression too deeply nested (connplan's limit is {} levels)",
                                    max_tree_height),
                        e.where};
    }
  }

  stmt make_stmt(span where, stmt_node node) {
    return stmt{where, text_of(where), std::move(node)};
  }

  span last_span() const { return tokens_.at(pos_ == 0 ? 0 : pos_ - 1).where; }

  // ---- statements ---------------------------------------------------------------------------
  void statement_into(std::vector<stmt>& out) {
    const std::size_t start = pos_;
    const std::size_t items_mark = items_.size();
    const std::size_t keywords_mark = keywords_.size();
    try {
      const token& t = peek();
      if (t.kind == token_kind::indent) fail();
      if (is_compound_start()) {
        out.push_back(compound_statement());
      } else {
        simple_statements(out);
      }
    } catch (const syntax_error& e) {
      items_.resize(items_mark);
      keywords_.resize(keywords_mark);
      report("CP001", e.message, e.where);
      recover();
    } catch (const limit_error& e) {
      items_.resize(items_mark);
      keywords_.resize(keywords_mark);
      report("CP006", e.message, e.where);
      recover();
    }
    if (pos_ == start && peek().kind != token_kind::end && peek().kind != token_kind::dedent) {
      next();  // always make progress
    }
  }

  // Reports the tokenizer's limit problems met since the last call (CP006); the parser's own
  // findings at or after such a problem are dropped (report): that text was not read.
  void sync_problems() {
    const std::vector<token_problem>* problems = tokens_.problems();
    if (problems == nullptr) return;
    for (; problems_reported_ < problems->size(); ++problems_reported_) {
      const token_problem& problem = (*problems)[problems_reported_];
      result_->complete = false;
      result_->findings.push_back(
          make_finding("CP006", problem.message, result_->module.location(problem.where)));
      stop_offset_ = std::min(stop_offset_, problem.where.begin_offset);
    }
  }

  void report(std::string_view code, const std::string& message, const span& where) {
    sync_problems();
    result_->complete = false;
    if (where.begin_offset >= stop_offset_) return;  // after a tokenizer limit: not read
    result_->findings.push_back(make_finding(code, message, result_->module.location(where)));
  }

  // Skips to the next statement at the same or a lower indentation level: past the end of the
  // logical line and any indented block that follows it (the body of a broken compound header).
  void recover() {
    int balance = 0;
    while (peek().kind != token_kind::end) {
      const token_kind k = peek().kind;
      if (k == token_kind::indent) {
        ++balance;
      } else if (k == token_kind::dedent) {
        if (balance == 0) return;  // the enclosing block ends here
        --balance;
        next();
        if (balance == 0 && peek().kind != token_kind::indent) return;
        continue;
      } else if (k == token_kind::newline && balance == 0) {
        next();
        if (peek().kind != token_kind::indent) return;
        continue;
      }
      next();
    }
  }

  bool is_compound_start() const {
    const token& t = peek();
    if (t.kind == token_kind::op && t.word == w("@")) return true;
    if (t.kind != token_kind::name) return false;
    static constexpr std::array<std::uint64_t, 8> starts = {
        w("if"), w("while"), w("for"), w("try"), w("with"), w("def"), w("class"), w("async")};
    if (std::find(starts.begin(), starts.end(), t.word) != starts.end()) return true;
    return t.word == w("match") && looks_like_match();
  }

  // `match` is a soft keyword (reference §8.6): a statement only when the logical line ends with
  // ':' and `match` is not used as a name (`match = 1`, `match.group()`, `match(x)`).
  bool looks_like_match() const {
    const token& after = peek(1);
    if (after.kind == token_kind::newline || after.kind == token_kind::end) return false;
    if (after.kind == token_kind::op && after.word != w("(") && after.word != w("[") &&
        after.word != w("-") && after.word != w("{") && after.word != w("*")) {
      return false;
    }
    std::size_t k = 1;
    while (peek(k).kind != token_kind::newline && peek(k).kind != token_kind::end) ++k;
    return at_op(":", k - 1);
  }

  stmt compound_statement() {
    const token& t = peek();
    depth_guard guard(depth_, t.where);
    if (t.kind == token_kind::op) return decorated();
    if (t.word == w("if")) return if_statement();
    if (t.word == w("while")) return while_statement();
    if (t.word == w("for")) return for_statement(false, t.where);
    if (t.word == w("try")) return try_statement();
    if (t.word == w("with")) return with_statement(false, t.where);
    if (t.word == w("def")) return function(false, {}, t.where);
    if (t.word == w("class")) return class_definition({});
    if (t.word == w("match")) {
      // Reference §8.6 (3.10). The evaluator has no use for it yet; refusing it keeps the file
      // marked incomplete instead of guessing.
      throw syntax_error{"match statements are not supported by connplan", t.where};
    }
    // async
    const span start = next().where;
    if (at_keyword("def")) return function(true, {}, start);
    if (at_keyword("for")) return for_statement(true, start);
    if (at_keyword("with")) return with_statement(true, start);
    fail();
  }

  // block: NEWLINE INDENT statements DEDENT | simple_stmts
  std::vector<stmt> block() {
    std::vector<stmt> body;
    expect_op(":");
    if (peek().kind != token_kind::newline) {
      simple_statements(body);
      return body;
    }
    next();
    if (peek().kind != token_kind::indent) fail("expected an indented block");
    depth_guard guard(depth_, peek().where);
    next();
    while (peek().kind != token_kind::dedent && peek().kind != token_kind::end) {
      statement_into(body);
    }
    if (peek().kind == token_kind::dedent) next();
    return body;
  }

  stmt if_statement() {
    const span start = next().where;
    if_stmt node;
    span branch_start = start;
    for (;;) {
      if_branch b;
      b.test = named_expression();
      b.where = join(branch_start, b.test.where);
      b.body = block();
      node.branches.push_back(std::move(b));
      if (!at_keyword("elif")) break;
      branch_start = next().where;
    }
    if (accept_keyword("else")) node.orelse = block();
    return make_stmt(body_span(start), std::move(node));
  }

  // The span of a compound statement: from its first token to the last token of its body
  // (NEWLINE and DEDENT tokens are zero-width and do not extend it).
  span body_span(const span& start) const {
    std::size_t i = pos_;
    while (i > tokens_.base() && (tokens_.at(i - 1).kind == token_kind::newline ||
                                  tokens_.at(i - 1).kind == token_kind::dedent ||
                                  tokens_.at(i - 1).kind == token_kind::indent)) {
      --i;
    }
    return join(start, tokens_.at(i == 0 ? 0 : i - 1).where);
  }

  stmt while_statement() {
    const span start = next().where;
    while_stmt node;
    node.test = named_expression();
    node.body = block();
    if (accept_keyword("else")) node.orelse = block();
    return make_stmt(body_span(start), std::move(node));
  }

  stmt for_statement(bool is_async, const span& start) {
    expect_keyword("for");
    for_stmt node;
    node.is_async = is_async;
    node.target = target_list();
    expect_keyword("in");
    node.iter = star_expressions();
    node.body = block();
    if (accept_keyword("else")) node.orelse = block();
    return make_stmt(body_span(start), std::move(node));
  }

  stmt try_statement() {
    const span start = next().where;
    try_stmt node;
    node.body = block();
    while (at_keyword("except")) {
      except_handler h;
      const span hstart = next().where;
      if (at_op("*")) fail("except* (exception groups) is not supported by connplan");
      if (!at_op(":")) {
        h.type = expression();
        if (at_op(",")) {  // `except A, B:` is Python 2
          fail("multiple exception types must be parenthesized");
        }
        if (accept_keyword("as")) h.name = expect_name();
      }
      h.where = join(hstart, last_span());
      h.body = block();
      node.handlers.push_back(std::move(h));
    }
    if (!node.handlers.empty() && accept_keyword("else")) node.orelse = block();
    if (accept_keyword("finally")) node.finalbody = block();
    if (node.handlers.empty() && node.finalbody.empty())
      fail("expected 'except' or 'finally' block");
    return make_stmt(body_span(start), std::move(node));
  }

  stmt with_statement(bool is_async, const span& start) {
    expect_keyword("with");
    with_stmt node;
    node.is_async = is_async;
    // 3.9: `with (a as b, c as d):`. Try the parenthesized form, fall back to an expression.
    bool done = false;
    if (at_op("(")) {
      const std::size_t save = pos_;
      const std::size_t items_mark = items_.size();
      const std::size_t keywords_mark = keywords_.size();
      try {
        next();
        std::vector<with_item> items;
        while (!at_op(")")) {
          items.push_back(with_item_rule());
          if (!accept_op(",")) break;
        }
        expect_op(")");
        if (!at_op(":")) fail();
        node.items = std::move(items);
        done = true;
      } catch (const syntax_error&) {
        pos_ = save;
        items_.resize(items_mark);
        keywords_.resize(keywords_mark);
      }
    }
    if (!done) {
      do {
        node.items.push_back(with_item_rule());
      } while (accept_op(","));
    }
    node.body = block();
    return make_stmt(body_span(start), std::move(node));
  }

  with_item with_item_rule() {
    with_item item{expression(), std::nullopt};
    if (accept_keyword("as")) item.target = checked_target(star_target());
    return item;
  }

  stmt decorated() {
    const std::size_t from = mark();
    while (accept_op("@")) {
      const expr d = named_expression();
      items_.push_back(d);
      if (peek().kind != token_kind::newline) fail();
      next();
    }
    const node_list<expr> decorators = commit(from);
    const span start = peek().where;
    if (at_keyword("def")) return function(false, decorators, start);
    if (at_keyword("class")) return class_definition(decorators);
    if (at_keyword("async") && at_keyword("def", 1)) {
      next();
      return function(true, decorators, start);
    }
    fail();
  }

  stmt function(bool is_async, node_list<expr> decorators, const span& start) {
    expect_keyword("def");
    function_def node;
    node.is_async = is_async;
    node.decorators = decorators;
    node.name = expect_name();
    expect_op("(");
    node.parameters = parameters(")", true);
    expect_op(")");
    if (accept_op("->")) node.returns = expression();
    node.body = block();
    return make_stmt(body_span(start), std::move(node));
  }

  stmt class_definition(node_list<expr> decorators) {
    const span start = expect_keyword("class").where;
    class_def node;
    node.decorators = decorators;
    node.name = expect_name();
    if (accept_op("(")) {
      const std::size_t from = mark();
      const std::size_t keywords_from = keywords_.size();
      arguments();
      expect_op(")");
      node.bases = commit(from);
      node.keywords = commit_keywords(keywords_from);
    }
    node.body = block();
    return make_stmt(body_span(start), std::move(node));
  }

  // Parameter lists of `def` (annotations allowed) and `lambda` (closed by ':').
  node_list<parameter> parameters(token_word closing, bool annotations) {
    std::vector<parameter> out;
    parameter_kind kind = parameter_kind::normal;
    while (!at_op(closing)) {
      parameter p;
      const span start = peek().where;
      if (accept_op("/")) {
        for (parameter& q : out) q.kind = parameter_kind::positional_only;
      } else if (accept_op("*")) {
        kind = parameter_kind::keyword_only;
        if (!at_op(",") && !at_op(closing)) {
          p.kind = parameter_kind::var_positional;
          p.name = expect_name_view();
          if (annotations && accept_op(":")) p.annotation = one(expression());
          p.where = join(start, last_span());
          out.push_back(std::move(p));
        }
      } else if (accept_op("**")) {
        p.kind = parameter_kind::var_keyword;
        p.name = expect_name_view();
        if (annotations && accept_op(":")) p.annotation = one(expression());
        p.where = join(start, last_span());
        out.push_back(std::move(p));
      } else {
        p.kind = kind;
        p.name = expect_name_view();
        if (annotations && accept_op(":")) p.annotation = one(expression());
        if (accept_op("=")) p.default_value = one(expression());
        p.where = join(start, last_span());
        out.push_back(std::move(p));
      }
      if (!accept_op(",")) break;
    }
    return store_.list(out.data(), out.size());
  }

  // simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE
  void simple_statements(std::vector<stmt>& out) {
    for (;;) {
      out.push_back(simple_statement());
      if (!accept_op(";")) break;
      if (peek().kind == token_kind::newline) break;
    }
    if (peek().kind != token_kind::newline) fail();
    next();
  }

  stmt simple_statement() {
    const token& t = peek();
    const span start = t.where;
    if (t.kind == token_kind::name) {
      if (t.word == w("pass")) return make_stmt(next().where, pass_stmt{});
      if (t.word == w("break")) return make_stmt(next().where, break_stmt{});
      if (t.word == w("continue")) return make_stmt(next().where, continue_stmt{});
      if (t.word == w("return")) {
        next();
        return_stmt node;
        if (!at_end_of_simple()) node.value = star_expressions();
        return make_stmt(join(start, last_span()), std::move(node));
      }
      if (t.word == w("raise")) {
        next();
        raise_stmt node;
        if (!at_end_of_simple()) {
          node.exception = expression();
          if (accept_keyword("from")) node.cause = expression();
        }
        return make_stmt(join(start, last_span()), std::move(node));
      }
      if (t.word == w("global") || t.word == w("nonlocal")) {
        const bool global = t.word == w("global");
        next();
        std::vector<std::string> names;
        do {
          names.push_back(expect_name());
        } while (accept_op(","));
        if (global) return make_stmt(join(start, last_span()), global_stmt{std::move(names)});
        return make_stmt(join(start, last_span()), nonlocal_stmt{std::move(names)});
      }
      if (t.word == w("del")) {
        next();
        delete_stmt node;
        const std::size_t from = mark();
        do {
          if (at_end_of_simple()) break;
          const expr target = checked_target(bitwise_or());
          items_.push_back(target);
        } while (accept_op(","));
        node.targets = commit(from);
        if (node.targets.empty()) fail();
        return make_stmt(join(start, last_span()), std::move(node));
      }
      if (t.word == w("assert")) {
        next();
        assert_stmt node{expression(), std::nullopt};
        if (accept_op(",")) node.message = expression();
        return make_stmt(join(start, last_span()), std::move(node));
      }
      if (t.word == w("import")) return import_statement();
      if (t.word == w("from")) return import_from_statement();
    }
    return expression_statement();
  }

  bool at_end_of_simple() const {
    return peek().kind == token_kind::newline || at_op(";") || peek().kind == token_kind::end;
  }

  std::string dotted_name() {
    std::string name = expect_name();
    while (accept_op(".")) name += "." + expect_name();
    return name;
  }

  stmt import_statement() {
    const span start = next().where;
    import_stmt node;
    do {
      alias a;
      const span astart = peek().where;
      a.name = dotted_name();
      if (accept_keyword("as")) a.as_name = expect_name();
      a.where = join(astart, last_span());
      node.names.push_back(std::move(a));
    } while (accept_op(","));
    return make_stmt(join(start, last_span()), std::move(node));
  }

  stmt import_from_statement() {
    const span start = next().where;
    import_from_stmt node;
    for (;;) {  // '...' is one token: three levels
      if (accept_op(".")) {
        node.level += 1;
      } else if (accept_op("...")) {
        node.level += 3;
      } else {
        break;
      }
    }
    if (!at_keyword("import")) node.module = dotted_name();
    expect_keyword("import");
    if (at_op("*")) {
      node.names.push_back({"*", "", next().where});
    } else {
      const bool parenthesized = accept_op("(");
      do {
        if (parenthesized && at_op(")")) break;  // trailing comma
        alias a;
        const span astart = peek().where;
        a.name = expect_name();
        if (accept_keyword("as")) a.as_name = expect_name();
        a.where = join(astart, last_span());
        node.names.push_back(std::move(a));
      } while (accept_op(","));
      if (parenthesized) expect_op(")");
      if (node.names.empty()) fail();
    }
    return make_stmt(join(start, last_span()), std::move(node));
  }

  bool at_augmented() const {
    if (peek().kind != token_kind::op) return false;
    return std::find(augmented.begin(), augmented.end(), peek().word) != augmented.end();
  }

  // Assignments (chained, augmented, annotated) and expression statements (reference §7.1-7.2).
  stmt expression_statement() {
    const span start = peek().where;
    expr first = at_keyword("yield") ? yield_expression() : star_expressions();
    if (at_op(":")) {
      next();
      if (!is_single_target(first)) {
        throw syntax_error{"only single target (not tuple) can be annotated", first.where};
      }
      ann_assign_stmt node{checked_target(first), expression(), std::nullopt};
      if (accept_op("=")) node.value = assigned_value();
      return make_stmt(join(start, last_span()), std::move(node));
    }
    if (at_augmented()) {
      std::string op(next().text);
      op.pop_back();
      if (!is_single_target(first)) {
        throw syntax_error{fmt::format("'{}' is an illegal expression for augmented assignment",
                                       kind_name(first.kind)),
                           first.where};
      }
      aug_assign_stmt node{checked_target(first), std::move(op), assigned_value()};
      return make_stmt(join(start, last_span()), std::move(node));
    }
    if (at_op("=")) {
      assign_stmt node;
      const std::size_t from = mark();
      expr value = first;
      while (accept_op("=")) {
        items_.push_back(checked_target(value));
        value = assigned_value();
      }
      node.targets = commit(from);
      node.value = value;
      return make_stmt(join(start, last_span()), std::move(node));
    }
    return make_stmt(join(start, last_span()), expr_stmt{first});
  }

  expr assigned_value() { return at_keyword("yield") ? yield_expression() : star_expressions(); }

  static bool is_single_target(const expr& e) {
    return e.kind == expr_kind::name || e.kind == expr_kind::attribute ||
           e.kind == expr_kind::subscript;
  }

  // Reference §7.2: targets are names, attributes, subscripts, and tuples or lists of targets
  // with at most one starred item.
  const expr& checked_target(const expr& e) {
    check_target(e);
    return e;
  }
  void check_target(const expr& e) {
    switch (e.kind) {
      case expr_kind::name:
      case expr_kind::attribute:
      case expr_kind::subscript:
        return;
      case expr_kind::starred:
        check_target(e.children[0]);
        return;
      case expr_kind::tuple:
      case expr_kind::list:
        for (const expr& c : e.children) check_target(c);
        return;
      default:
        throw syntax_error{fmt::format("cannot assign to {}", describe(e)), e.where};
    }
  }

  static std::string describe(const expr& e) {
    switch (e.kind) {
      case expr_kind::constant:
        return "literal";
      case expr_kind::call:
        return "function call";
      case expr_kind::named:
        return "named expression";
      case expr_kind::compare:
        return "comparison";
      case expr_kind::binary:
      case expr_kind::unary:
      case expr_kind::bool_op:
        return "expression";
      default:
        return std::string(kind_name(e.kind));
    }
  }

  // for-targets and comprehension targets: star_targets, which stop before `in`.
  expr target_list() {
    const span start = peek().where;
    const expr first = star_target();
    if (!at_op(",")) return checked_target(first);
    const std::size_t from = mark();
    items_.push_back(first);
    while (accept_op(",")) {
      if (at_keyword("in") || at_op("=")) break;
      const expr item = star_target();
      items_.push_back(item);
    }
    const node_list<expr> items = commit(from);
    expr e = make(expr_kind::tuple, join(start, last_span()), items);
    check_target(e);
    return e;
  }

  expr star_target() {
    if (at_op("*")) {
      const span start = next().where;
      return wrap(expr_kind::starred, start, bitwise_or());
    }
    return bitwise_or();
  }

  // ---- expressions --------------------------------------------------------------------------

  // star_expressions: star_expression (',' star_expression)* [','] -- a tuple when there is a comma
  expr star_expressions() {
    const span start = peek().where;
    expr first = star_expression();
    if (!at_op(",")) return first;
    const std::size_t from = mark();
    items_.push_back(first);
    while (accept_op(",")) {
      if (!starts_expression()) break;
      const expr item = star_expression();
      items_.push_back(item);
    }
    const node_list<expr> items = commit(from);
    return make(expr_kind::tuple, join(start, last_span()), items);
  }

  bool starts_expression() const {
    const token& t = peek();
    switch (t.kind) {
      case token_kind::name:
        return !t.keyword || t.word == w("None") || t.word == w("True") || t.word == w("False") ||
               t.word == w("not") || t.word == w("lambda") || t.word == w("await") ||
               t.word == w("yield");
      case token_kind::number:
      case token_kind::string:
        return true;
      case token_kind::op:
        return t.word == w("(") || t.word == w("[") || t.word == w("{") || t.word == w("-") ||
               t.word == w("+") || t.word == w("~") || t.word == w("*") || t.word == w("...") ||
               t.word == w("**");
      default:
        return false;
    }
  }

  expr star_expression() {
    if (at_op("*")) {
      const span start = next().where;
      return wrap(expr_kind::starred, start, bitwise_or());
    }
    return expression();
  }

  expr star_named_expression() {
    if (at_op("*")) {
      const span start = next().where;
      return wrap(expr_kind::starred, start, bitwise_or());
    }
    return named_expression();
  }

  // named_expression: NAME ':=' expression | expression  (reference §6.12, 3.8)
  expr named_expression() {
    if (peek().kind == token_kind::name && at_op(":=", 1) && !peek().keyword) {
      const token& name = next();
      next();
      expr e = wrap(expr_kind::named, name.where, expression());
      e.name = name.text;
      return e;
    }
    return expression();
  }

  // expression: disjunction ['if' disjunction 'else' expression] | lambdef  (§6.13, §6.14)
  expr expression() {
    depth_guard guard(depth_, peek().where);
    if (at_keyword("lambda")) return lambda();
    expr body = disjunction();
    if (!at_keyword("if")) return body;
    next();
    expr test = disjunction();
    expect_keyword("else");
    expr orelse = expression();
    return make(expr_kind::if_exp, join(body.where, orelse.where), three(body, test, orelse));
  }

  expr lambda() {
    const span start = next().where;
    expr e;
    e.payload = store_.one(lambda_payload{parameters(":", false)});
    expect_op(":");
    expr body = expression();
    e.kind = expr_kind::lambda;
    e.where = join(start, body.where);
    e.text = text_of(e.where);
    e.children = one(body);
    finish(e);
    return e;
  }

  expr yield_expression() {
    const span start = next().where;
    if (accept_keyword("from")) return wrap(expr_kind::yield_from, start, expression());
    if (at_op(")") || at_op("]") || at_op("}") || at_op("=") || at_end_of_simple()) {
      return make(expr_kind::yield, start);
    }
    return wrap(expr_kind::yield, start, star_expressions());
  }

  expr bool_chain(token_word op, operator_code code, expr (parser::*operand)()) {
    expr first = (this->*operand)();
    if (!at_keyword(op)) return first;
    const std::size_t from = mark();
    items_.push_back(first);
    while (accept_keyword(op)) {
      const expr item = (this->*operand)();
      items_.push_back(item);
    }
    expr e = make_items(expr_kind::bool_op, commit(from));
    e.op_code = code;
    return e;
  }

  expr disjunction() { return bool_chain("or", operator_code::or_, &parser::conjunction); }
  expr conjunction() { return bool_chain("and", operator_code::and_, &parser::inversion); }

  expr inversion() {
    if (!at_keyword("not")) return comparison();
    depth_guard guard(depth_, peek().where);
    const span start = next().where;
    expr e = wrap(expr_kind::unary, start, inversion());
    e.op_code = operator_code::not_;
    return e;
  }

  // §6.10: comparisons chain (`a < b < c`) into one node.
  std::string_view comparison_operator() {
    const token& t = peek();
    if (t.kind == token_kind::op) {
      static constexpr std::array<std::string_view, 6> ops = {"==", "!=", "<", ">", "<=", ">="};
      static constexpr std::array<std::uint64_t, 6> words = {w("=="), w("!="), w("<"),
                                                             w(">"),  w("<="), w(">=")};
      const auto* it = std::find(words.begin(), words.end(), t.word);
      if (it == words.end()) return {};
      next();
      return ops[static_cast<std::size_t>(it - words.begin())];
    }
    if (at_keyword("in")) {
      next();
      return "in";
    }
    if (at_keyword("not") && at_keyword("in", 1)) {
      next();
      next();
      return "not in";
    }
    if (at_keyword("is")) {
      next();
      return accept_keyword("not") ? "is not" : "is";
    }
    return {};
  }

  expr comparison() {
    expr first = bitwise_or();
    std::string_view op = comparison_operator();
    if (op.empty()) return first;
    std::vector<std::string_view> ops;
    const std::size_t from = mark();
    items_.push_back(first);
    while (!op.empty()) {
      ops.push_back(op);
      const expr item = bitwise_or();
      items_.push_back(item);
      op = comparison_operator();
    }
    const node_list<expr> items = commit(from);
    expr e;
    e.kind = expr_kind::compare;
    e.where = join(items.front().where, items.back().where);
    e.text = text_of(e.where);
    e.children = items;
    e.payload = store_.one(compare_payload{store_.list(ops.data(), ops.size())});
    finish(e);
    return e;
  }

  // Binary operator levels, loosest first (reference §6.6-6.9). Left-associative loops: a long
  // chain is a tall tree, which `finish` bounds.
  struct binary_operator {
    std::uint64_t word;
    operator_code code;
  };
  static constexpr std::array<std::array<binary_operator, 5>, 6> binary_levels = {{
      {{{w("|"), operator_code::bit_or}}},
      {{{w("^"), operator_code::bit_xor}}},
      {{{w("&"), operator_code::bit_and}}},
      {{{w("<<"), operator_code::lshift}, {w(">>"), operator_code::rshift}}},
      {{{w("+"), operator_code::add}, {w("-"), operator_code::sub}}},
      {{{w("*"), operator_code::mul},
        {w("/"), operator_code::div},
        {w("//"), operator_code::floor_div},
        {w("%"), operator_code::mod},
        {w("@"), operator_code::mat_mul}}},
  }};

  operator_code at_binary(std::size_t level) const {
    if (peek().kind != token_kind::op) return operator_code::none;
    for (const binary_operator& op : binary_levels[level]) {
      if (op.word != 0 && peek().word == op.word) return op.code;
    }
    return operator_code::none;
  }

  expr binary(std::size_t level) {
    if (level == binary_levels.size()) return factor();
    expr left = binary(level + 1);
    for (operator_code code = at_binary(level); code != operator_code::none;
         code = at_binary(level)) {
      next();
      const expr right = binary(level + 1);
      left = make(expr_kind::binary, join(left.where, right.where), two(left, right));
      left.op_code = code;
    }
    return left;
  }

  expr bitwise_or() { return binary(0); }

  // factor: ('+' | '-' | '~') factor | power
  expr factor() {
    if (at_op("-") || at_op("+") || at_op("~")) {
      depth_guard guard(depth_, peek().where);
      const token& t = next();
      expr e = wrap(expr_kind::unary, t.where, factor());
      e.op_code = t.word == w("-")   ? operator_code::sub
                  : t.word == w("+") ? operator_code::add
                                     : operator_code::invert;
      return e;
    }
    return power();
  }

  // power: await_primary ['**' factor]  (§6.5: binds tighter than unary minus on its left)
  expr power() {
    expr base = await_primary();
    if (!at_op("**")) return base;
    next();
    const expr exponent = factor();
    expr e = make(expr_kind::binary, join(base.where, exponent.where), two(base, exponent));
    e.op_code = operator_code::pow;
    return e;
  }

  expr await_primary() {
    if (!at_keyword("await")) return primary();
    depth_guard guard(depth_, peek().where);
    const span start = next().where;
    return wrap(expr_kind::await_, start, primary());
  }

  // primary: atom ('.' NAME | '(' arguments ')' | '[' slices ']')*
  expr primary() {
    expr e = atom();
    for (;;) {
      if (at_op(".")) {
        next();
        const std::string_view name = expect_name_view();
        e = make(expr_kind::attribute, join(e.where, last_span()), one(e));
        e.name = name;
      } else if (at_op("(")) {
        depth_guard guard(depth_, peek().where);
        next();
        const std::size_t from = mark();
        const std::size_t keywords_from = keywords_.size();
        items_.push_back(e);
        arguments();
        expect_op(")");
        expr call;
        call.kind = expr_kind::call;
        call.where = join(e.where, last_span());
        call.text = text_of(call.where);
        call.children = commit(from);
        const node_list<keyword> kws = commit_keywords(keywords_from);
        if (!kws.empty()) call.payload = store_.one(call_payload{kws});
        finish(call);
        e = call;
      } else if (at_op("[")) {
        depth_guard guard(depth_, peek().where);
        next();
        const expr index = slices();
        expect_op("]");
        e = make(expr_kind::subscript, join(e.where, last_span()), two(e, index));
      } else {
        return e;
      }
    }
  }

  node_list<keyword> commit_keywords(std::size_t from) {
    const node_list<keyword> out = store_.list(keywords_.data() + from, keywords_.size() - from);
    keywords_.resize(from);
    return out;
  }

  // Call arguments (§6.3.4): positional (maybe `*x`), `name=value`, `**m`, or one generator
  // expression without its own parentheses. Positional ones are appended to `positional`.
  // The positional ones are pushed on items_, the keywords on keywords_.
  void arguments() {
    while (!at_op(")")) {
      const span start = peek().where;
      if (accept_op("**")) {
        const expr value = expression();
        keywords_.push_back(keyword{{}, one(value), join(start, last_span())});
      } else if (peek().kind == token_kind::name && at_op("=", 1) && !peek().keyword) {
        const std::string_view name = next().text;
        next();
        const expr value = expression();
        keywords_.push_back(keyword{name, one(value), join(start, last_span())});
      } else if (at_op("*")) {
        next();
        const expr value = wrap(expr_kind::starred, start, expression());
        items_.push_back(value);
      } else {
        expr value = named_expression();
        if (at_keyword("for") || (at_keyword("async") && at_keyword("for", 1))) {
          // f(x for x in y): the generator takes the parentheses of the call
          value = comprehension_of(expr_kind::generator, one(value), start);
        }
        items_.push_back(value);
      }
      if (!accept_op(",")) break;
    }
  }

  // slices: slice (',' slice)* [','] -- a tuple when there is a comma (§6.3.2, §6.3.3)
  expr slices() {
    const span start = peek().where;
    expr first = slice();
    if (!at_op(",")) return first;
    const std::size_t from = mark();
    items_.push_back(first);
    while (accept_op(",")) {
      if (at_op("]")) break;
      const expr item = slice();
      items_.push_back(item);
    }
    const node_list<expr> items = commit(from);
    return make(expr_kind::tuple, join(start, last_span()), items);
  }

  expr slice() {
    const span start = peek().where;
    if (at_op("*")) return star_expression();
    expr lower;
    if (!at_op(":")) {
      lower = named_expression();
      if (!at_op(":")) return lower;
    } else {
      lower = make(expr_kind::empty, peek().where);
    }
    next();  // ':'
    auto optional_part = [&]() {
      if (at_op(":") || at_op("]") || at_op(",")) return make(expr_kind::empty, last_span());
      return expression();
    };
    const expr upper = optional_part();
    const expr step = accept_op(":") ? optional_part() : make(expr_kind::empty, last_span());
    return make(expr_kind::slice, join(start, last_span()), three(lower, upper, step));
  }

  expr atom() {
    const token& t = peek();
    switch (t.kind) {
      case token_kind::name: {
        if (t.word == w("None") || t.word == w("True") || t.word == w("False")) {
          constant c;
          c.kind = t.word == w("None") ? constant_kind::none : constant_kind::boolean;
          c.boolean = t.word == w("True");
          return make_constant(next().where, c);
        }
        if (t.keyword) fail();
        expr e = make(expr_kind::name, next().where);
        e.name = t.text;
        return e;
      }
      case token_kind::number: {
        const decoded_number n = decode_number(t.text);
        constant c;
        c.kind = n.kind;
        c.integer = n.integer;
        c.floating = n.floating;
        if (n.kind == constant_kind::big_integer) c.text = store_.text(n.text);
        return make_constant(next().where, c);
      }
      case token_kind::string:
        return strings();
      case token_kind::op:
        if (t.word == w("...")) {
          constant c;
          c.kind = constant_kind::ellipsis;
          return make_constant(next().where, c);
        }
        if (t.word == w("(")) return parenthesized();
        if (t.word == w("[")) return bracketed();
        if (t.word == w("{")) return braced();
        break;
      default:
        break;
    }
    fail();
  }

  // '(' ')' | '(' yield ')' | '(' named ')' | tuple | generator
  expr parenthesized() {
    depth_guard guard(depth_, peek().where);
    const span start = next().where;
    if (accept_op(")")) return make(expr_kind::tuple, join(start, last_span()));
    if (at_keyword("yield")) {
      expr y = yield_expression();
      expect_op(")");
      return y;
    }
    expr first = star_named_expression();
    if (at_keyword("for") || (at_keyword("async") && at_keyword("for", 1))) {
      expr g = comprehension_of(expr_kind::generator, one(first), start);
      expect_op(")");
      g.where = join(start, last_span());
      g.text = text_of(g.where);
      return g;
    }
    if (accept_op(")")) return first;  // a group is its content, as in CPython's ast
    const node_list<expr> items = display_items(first, ")");
    expect_op(")");
    return make(expr_kind::tuple, join(start, last_span()), items);
  }

  expr bracketed() {
    depth_guard guard(depth_, peek().where);
    const span start = next().where;
    if (accept_op("]")) return make(expr_kind::list, join(start, last_span()));
    expr first = star_named_expression();
    if (at_keyword("for") || (at_keyword("async") && at_keyword("for", 1))) {
      expr c = comprehension_of(expr_kind::list_comp, one(first), start);
      expect_op("]");
      c.where = join(start, last_span());
      c.text = text_of(c.where);
      return c;
    }
    const node_list<expr> items = display_items(first, "]");
    expect_op("]");
    return make(expr_kind::list, join(start, last_span()), items);
  }

  // The items of a tuple, list or set display after the first: (',' star_named_expression)* [',']
  node_list<expr> display_items(const expr& first, token_word closing) {
    const std::size_t from = mark();
    items_.push_back(first);
    while (accept_op(",")) {
      if (at_op(closing)) break;
      const expr item = star_named_expression();
      items_.push_back(item);
    }
    return commit(from);
  }

  // dict and set displays and comprehensions (§6.2.6, §6.2.7)
  expr braced() {
    depth_guard guard(depth_, peek().where);
    const span start = next().where;
    if (accept_op("}")) return make(expr_kind::dict, join(start, last_span()));
    const std::size_t from = mark();
    if (!at_op("**")) {
      expr first = star_named_expression();
      if (!accept_op(":")) {
        if (at_keyword("for") || (at_keyword("async") && at_keyword("for", 1))) {
          expr c = comprehension_of(expr_kind::set_comp, one(first), start);
          expect_op("}");
          c.where = join(start, last_span());
          c.text = text_of(c.where);
          return c;
        }
        const node_list<expr> items = display_items(first, "}");
        expect_op("}");
        return make(expr_kind::set, join(start, last_span()), items);
      }
      const expr value = expression();
      if (at_keyword("for") || (at_keyword("async") && at_keyword("for", 1))) {
        expr c = comprehension_of(expr_kind::dict_comp, two(first, value), start);
        expect_op("}");
        c.where = join(start, last_span());
        c.text = text_of(c.where);
        return c;
      }
      items_.push_back(first);
      items_.push_back(value);
      if (!accept_op(",")) {
        expect_op("}");
        const node_list<expr> items = commit(from);
        return make(expr_kind::dict, join(start, last_span()), items);
      }
    }
    // The rest of a dict: key ':' value | '**' or_expr, separated by commas.
    while (!at_op("}")) {
      if (at_op("**")) {
        const expr key = make(expr_kind::empty, next().where);
        const expr value = bitwise_or();
        items_.push_back(key);
        items_.push_back(value);
      } else {
        const expr key = expression();
        expect_op(":");
        const expr value = expression();
        items_.push_back(key);
        items_.push_back(value);
      }
      if (!accept_op(",")) break;
    }
    expect_op("}");
    const node_list<expr> items = commit(from);
    return make(expr_kind::dict, join(start, last_span()), items);
  }

  // for_if_clauses (§6.2.4)
  expr comprehension_of(expr_kind kind, node_list<expr> elements, const span& start) {
    expr e;
    e.kind = kind;
    e.children = elements;
    std::vector<comprehension> generators;
    while (at_keyword("for") || (at_keyword("async") && at_keyword("for", 1))) {
      comprehension c;
      c.is_async = accept_keyword("async");
      next();  // for
      c.target = one(target_list());
      expect_keyword("in");
      c.iter = one(disjunction());
      const std::size_t from = mark();
      while (accept_keyword("if")) {
        const expr test = disjunction();
        items_.push_back(test);
      }
      c.ifs = commit(from);
      generators.push_back(c);
    }
    e.payload =
        store_.one(comprehension_payload{store_.list(generators.data(), generators.size())});
    e.where = join(start, last_span());
    e.text = text_of(e.where);
    finish(e);
    return e;
  }

  // Adjacent string literals concatenate (§2.4.2); any f-string among them makes a joined_string.
  expr strings() {
    const span start = peek().where;
    bool any_bytes = false;
    bool any_text = false;
    bool any_formatted = false;
    std::vector<expr> parts;
    std::string pending;
    // The common case, one plain literal without escapes or CR: its value is its body, a view
    // into the source (no copy).
    if (peek(1).kind != token_kind::string) {
      const string_token st = split_string_token(peek().text);
      if (!st.bytes && !st.formatted && st.body.find_first_of("\\\r") == std::string_view::npos) {
        return make_string(next().where, st.body);
      }
    }
    while (peek().kind == token_kind::string) {
      const token& t = next();
      const string_token st = split_string_token(t.text);
      (st.bytes ? any_bytes : any_text) = true;
      if (!st.formatted) {
        pending += st.raw ? normalize_newlines(st.body) : decode_escapes(st.body, st.bytes);
        continue;
      }
      any_formatted = true;
      const fstring_split split = split_fstring(st.body, st.raw);
      if (!split.error.empty()) {
        const std::uint32_t at = t.where.begin_offset + st.body_begin + split.error_offset;
        throw syntax_error{split.error, span{at, at + 1}};
      }
      append_pieces(t, st, split.pieces, parts, pending);
    }
    const span where = join(start, last_span());
    if (any_bytes && any_text) throw syntax_error{"cannot mix bytes and nonbytes literals", where};
    if (!any_formatted) {
      return make_string(where, store_.text(pending),
                         any_bytes ? constant_kind::bytes : constant_kind::string);
    }
    if (!pending.empty()) parts.push_back(make_string(where, store_.text(pending)));
    return make(expr_kind::joined_string, where, store_.list(parts.data(), parts.size()));
  }

  void append_pieces(const token& t, const string_token& st, const std::vector<fstring_piece>& in,
                     std::vector<expr>& parts, std::string& pending) {
    for (const fstring_piece& p : in) {
      if (!p.is_field) {
        pending += p.literal;
        continue;
      }
      const std::uint32_t begin = t.where.begin_offset + st.body_begin + p.expr_begin;
      const std::uint32_t end = t.where.begin_offset + st.body_begin + p.expr_end;
      if (p.self_documenting) pending += std::string(text_.substr(begin, end - begin)) + "=";
      if (!pending.empty()) {
        parts.push_back(make_string(t.where, store_.text(pending)));
        pending.clear();
      }
      const expr value = field(t, begin, end);
      node_list<expr> children = one(value);
      if (p.has_spec) {
        std::vector<expr> spec_parts;
        std::string spec_pending;
        append_pieces(t, st, p.spec, spec_parts, spec_pending);
        if (!spec_pending.empty()) {
          spec_parts.push_back(make_string(t.where, store_.text(spec_pending)));
        }
        children = two(value, make(expr_kind::joined_string, t.where,
                                   store_.list(spec_parts.data(), spec_parts.size())));
      }
      expr fv = make(expr_kind::formatted_value, value.where, children);
      static constexpr std::string_view conversions = "rsa";
      const std::size_t c = conversions.find(p.conversion);
      if (p.conversion != 0 && c != std::string_view::npos) fv.name = conversions.substr(c, 1);
      if (p.self_documenting && p.conversion == 0 && !p.has_spec) fv.name = "r";
      parts.push_back(fv);
    }
  }

  // Parses the expression of a replacement field, located in the file (§2.4.3).
  expr field(const token& t, std::uint32_t begin, std::uint32_t end) {
    const token_stream sub = tokenize(text_, begin, end, true);
    if (!sub.problems.empty()) {
      throw limit_error{sub.problems.front().message, sub.problems.front().where};
    }
    token_window window(sub.tokens);
    parser inner(text_, window, context_);
    depth_guard guard(depth_, t.where);
    return inner.field_expression();
  }

  std::string_view text_;
  token_window& tokens_;
  std::size_t pos_ = 0;
  parse_context& context_;
  int& depth_;
  node_storage& store_;
  std::vector<expr>& items_;
  std::vector<keyword>& keywords_;
  parse_result* result_ = nullptr;
  std::uint32_t stop_offset_ = UINT32_MAX;
  std::size_t problems_reported_ = 0;
};

}  // namespace

}  // namespace detail

parse_result parse_module(std::string_view text, std::string_view name) {
  return parse_module_text(std::string(text), name);
}

parse_result parse_module_text(std::string text, std::string_view name) {
  parse_result result;
  result.module.name = std::string(name);
  // CPython refuses a file that is not UTF-8 unless a coding cookie names its encoding (PEP 263;
  // Parser/tokenizer.c @ v3.11). Every string connplan keeps must be valid UTF-8 (JSON), so a
  // declared single-byte encoding is read as ISO 8859-1 (columns after such a byte shift).
  if (auto bad = detail::first_invalid_utf8(text)) {
    auto cookie = detail::coding_cookie(text);
    if (!cookie || detail::is_utf8_name(*cookie)) {
      const std::string_view before = std::string_view(text).substr(0, *bad);
      const auto line =
          static_cast<std::uint32_t>(1 + std::count(before.begin(), before.end(), '\n'));
      const std::size_t bol = before.rfind('\n');
      const auto column =
          static_cast<std::uint32_t>(bol == std::string_view::npos ? *bad + 1 : *bad - bol);
      const auto first_bad = static_cast<unsigned char>(text[*bad]);
      result.module.source = std::make_shared<const std::string>(std::move(text));
      result.complete = false;
      result.findings.push_back(make_finding(
          "CP001",
          fmt::format("non-UTF-8 code starting with '\\x{:02x}', but no encoding declared; see "
                      "https://peps.python.org/pep-0263/ for details",
                      first_bad),
          source_location{result.module.name, {line, column}, {line, column}}));
      return result;
    }
    text = detail::latin1_to_utf8(text);
  }
  auto source = std::make_shared<const std::string>(std::move(text));
  result.module.source = source;
  const std::string_view view(*source);
  if (view.size() >= UINT32_MAX) {
    result.complete = false;
    result.findings.push_back(make_finding("CP006",
                                           "file too large to parse (connplan's limit is 4 GiB)",
                                           source_location{result.module.name, {1, 1}, {1, 1}}));
    return result;
  }
  result.module.lines = std::make_shared<const line_index>(view);
  detail::token_source tokens(view);
  detail::token_window window(tokens);
  auto storage = std::make_shared<detail::node_storage>();
  result.module.storage = storage;
  detail::parse_context context;
  context.store = storage.get();
  detail::parser p(view, window, context);
  result.module.body = p.file(result);
  std::stable_sort(
      result.findings.begin(), result.findings.end(),
      [](const finding& a, const finding& b) { return a.location->begin < b.location->begin; });
  if (!tokens.problems().empty()) {
    // One cause, one finding: the parser's own depth limit usually trips a few tokens before the
    // tokenizer's bracket or indentation limit on the same construct; keep the first CP006.
    bool seen = false;
    std::erase_if(result.findings, [&](const finding& f) {
      if (f.code != "CP006") return false;
      const bool drop = seen;
      seen = true;
      return drop;
    });
  }
  return result;
}

}  // namespace connplan::python
