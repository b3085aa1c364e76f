#include "output/xml.hpp"

#include <gtest/gtest.h>

namespace connplan::output {
namespace {

TEST(xml, escapes_markup_quotes_and_line_breaks) {
  EXPECT_EQ(xml_escape("a<b>&\"c'\n\t"), "a&lt;b&gt;&amp;&quot;c&apos;&#10;&#9;");
}

TEST(xml, replaces_what_xml_cannot_hold) {
  EXPECT_EQ(xml_escape(std::string("a\x01z")), "a\xEF\xBF\xBDz");
  EXPECT_EQ(xml_escape(std::string("a\xFFz")), "a\xEF\xBF\xBDz");
  EXPECT_EQ(xml_escape("× ok"), "× ok");
}

}  // namespace
}  // namespace connplan::output
