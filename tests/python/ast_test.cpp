// The accessors of expr's out-of-line payloads (src/python/ast.cpp), on parsed trees.
#include <gtest/gtest.h>

#include <type_traits>

#include "connplan/python/parse.hpp"

namespace connplan::python {
namespace {

const expr& value_of(const parse_result& r) {
  return std::get<assign_stmt>(r.module.body.at(0).node).value;
}

TEST(ast, nodes_are_small_and_trivially_copyable) {
  static_assert(std::is_trivially_copyable_v<expr>);
  EXPECT_LE(sizeof(expr), 72u);
  EXPECT_EQ(sizeof(span), 8u);  // byte offsets only; lines come from the module's line index
}

// Reference §2.1.2: "A physical line is a sequence of characters terminated by an end-of-line
// sequence ... the Unix form using ASCII LF (linefeed), the Windows form using the ASCII sequence
// CR LF (return followed by linefeed), or the old Macintosh form using the ASCII CR (return)".
TEST(ast, line_index_counts_lf_crlf_and_cr) {
  const line_index lines("ab\ncd\r\nef\rg");
  EXPECT_EQ(lines.lines(), 4u);
  EXPECT_EQ(lines.position(0), (source_position{1, 1}));
  EXPECT_EQ(lines.position(2), (source_position{1, 3}));  // the LF is on its line
  EXPECT_EQ(lines.position(3), (source_position{2, 1}));
  EXPECT_EQ(lines.position(6), (source_position{2, 4}));  // CR LF: the LF is on line 2 too
  EXPECT_EQ(lines.position(7), (source_position{3, 1}));
  EXPECT_EQ(lines.position(10), (source_position{4, 1}));
  // A byte order mark is not part of the first line's columns (the tokenizer skips it).
  EXPECT_EQ(line_index("\xEF\xBB\xBFx").position(3), (source_position{1, 1}));
}

TEST(ast, module_positions_of_spans) {
  const parse_result r = parse_module("x = 1\ny = '''a\nbc'''\n", "t.py");
  ASSERT_EQ(r.module.body.size(), 2u);
  const span s = r.module.body[1].where;
  EXPECT_EQ(r.module.begin(s), (source_position{2, 1}));
  EXPECT_EQ(r.module.end(s), (source_position{3, 5}));           // inclusive: the last quote
  EXPECT_EQ(r.module.end(span{6, 6}), (source_position{2, 1}));  // empty: the begin
  const source_location loc = r.module.location(s);
  EXPECT_EQ(loc.file, "t.py");
  EXPECT_EQ(loc.begin, (source_position{2, 1}));
  EXPECT_EQ(module{}.position(5), (source_position{}));  // no source, no position
}

TEST(ast, payloads_answer_only_for_their_kind) {
  const parse_result r = parse_module("x = f(1, k='v') < 2 not in y\n", "t.py");
  ASSERT_TRUE(r.complete);
  const expr& cmp = value_of(r);
  ASSERT_EQ(cmp.kind, expr_kind::compare);
  ASSERT_EQ(cmp.ops().size(), 2u);
  EXPECT_EQ(cmp.ops()[0], "<");
  EXPECT_EQ(cmp.ops()[1], "not in");
  const expr& call = cmp.children[0];
  ASSERT_EQ(call.keywords().size(), 1u);
  EXPECT_EQ(call.keywords()[0].name, "k");
  EXPECT_EQ(call.keywords()[0].value[0].value().text, "v");
  EXPECT_EQ(call.children[1].value().integer, 1);
  // Any other kind: empty lists, and a `None` constant.
  EXPECT_TRUE(cmp.keywords().empty());
  EXPECT_TRUE(call.ops().empty());
  EXPECT_TRUE(call.generators().empty());
  EXPECT_TRUE(call.parameters().empty());
  EXPECT_EQ(call.value().kind, constant_kind::none);
  EXPECT_EQ(call.op(), "");
}

TEST(ast, operators_and_decoded_strings) {
  const parse_result r = parse_module("x = -a ** 2 // 3 or not 'a\\tb'\n", "t.py");
  const expr& e = value_of(r);
  EXPECT_EQ(e.op(), "or");
  EXPECT_EQ(e.children[0].op(), "//");
  EXPECT_EQ(e.children[0].children[0].op(), "-");
  EXPECT_EQ(e.children[0].children[0].children[0].op(), "**");
  EXPECT_EQ(e.children[1].op(), "not");
  EXPECT_EQ(e.children[1].children[0].value().text, "a\tb");  // decoded, in the storage
}

TEST(ast, copies_of_a_module_share_its_storage) {
  expr kept;
  {
    parse_result r = parse_module("x = [lambda a=1: a for i in 'ab' if i]\n", "t.py");
    module moved = std::move(r.module);
    kept = std::get<assign_stmt>(moved.body.at(0).node).value;
    module copy = moved;  // shares the storage
    moved = module{};
    EXPECT_EQ(dump(kept), "(listcomp (lambda (a=1) a) (for i 'ab' (if i)))");
  }
}

}  // namespace
}  // namespace connplan::python
