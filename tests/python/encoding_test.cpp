// PEP 263: "Python will default to UTF-8 as standard encoding if no other encoding hints are
// given" and "To define a source code encoding, a magic comment must be placed into the source
// files either as first or second line in the file ... `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`".
#include "python/encoding.hpp"

#include <gtest/gtest.h>

#include "connplan/python/parse.hpp"

namespace connplan::python {
namespace {

TEST(encoding, first_invalid_utf8) {
  EXPECT_EQ(detail::first_invalid_utf8("plain ascii"), std::nullopt);
  EXPECT_EQ(detail::first_invalid_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), std::nullopt);
  EXPECT_EQ(detail::first_invalid_utf8("caf\xe9"), 3u);            // Latin-1 é
  EXPECT_EQ(detail::first_invalid_utf8("ab\xc0\xaf"), 2u);         // overlong '/'
  EXPECT_EQ(detail::first_invalid_utf8("\xed\xa0\x80"), 0u);       // a surrogate
  EXPECT_EQ(detail::first_invalid_utf8("x\xf4\x90\x80\x80"), 1u);  // above U+10FFFF
  EXPECT_EQ(detail::first_invalid_utf8("\xe2\x82"), 0u);           // truncated
}

TEST(encoding, coding_cookie_on_the_first_two_lines_only) {
  EXPECT_EQ(detail::coding_cookie("# -*- coding: latin-1 -*-\nx = 1\n"), "latin-1");
  EXPECT_EQ(detail::coding_cookie("#!/usr/bin/python\n# vim: set fileencoding=CP1252 :\n"),
            "cp1252");
  EXPECT_EQ(detail::coding_cookie("x = 1\n\n# coding: latin-1\n"), std::nullopt);
  EXPECT_EQ(detail::coding_cookie("x = '# coding: latin-1'\n"), std::nullopt);
  EXPECT_TRUE(detail::is_utf8_name("UTF-8"));
  EXPECT_TRUE(detail::is_utf8_name("utf_8"));
  EXPECT_FALSE(detail::is_utf8_name("latin-1"));
}

// CPython 3.11 on `# caf\xe9`: "SyntaxError: Non-UTF-8 code starting with '\xe9' in file x.py on
// line 1, but no encoding declared; see https://peps.python.org/pep-0263/ for details".
TEST(encoding, invalid_utf8_without_a_cookie_is_a_syntax_error) {
  auto r = parse_module("X = 1\n# caf\xe9\n", "x.py");
  EXPECT_FALSE(r.complete);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "CP001");
  EXPECT_EQ(r.findings[0].location->begin.line, 2u);
  EXPECT_EQ(r.findings[0].location->begin.column, 6u);
  EXPECT_NE(r.findings[0].message.find("non-UTF-8 code starting with '\\xe9'"), std::string::npos)
      << r.findings[0].message;
  EXPECT_TRUE(r.module.body.empty());
}

TEST(encoding, a_declared_single_byte_encoding_is_read_as_latin1) {
  auto r = parse_module("# -*- coding: latin-1 -*-\nX = 'caf\xe9'\n", "x.py");
  EXPECT_TRUE(r.complete);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(detail::first_invalid_utf8(*r.module.source), std::nullopt);
  auto valid = parse_module("X = 'caf\xc3\xa9'\n", "x.py");
  EXPECT_TRUE(valid.complete);
  EXPECT_TRUE(valid.findings.empty());
}

}  // namespace
}  // namespace connplan::python
