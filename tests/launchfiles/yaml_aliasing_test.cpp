// excessive_aliasing: go-yaml's alias-ratio limit (gopkg.in/yaml.v3 decode.go @ v3.0.1).
#include <gtest/gtest.h>

#include <string>

#include "launchfiles/yaml_support.hpp"

namespace connplan::launchfiles::detail {
namespace {

std::string list_of(const std::string& item, int n) {
  std::string out = "[";
  for (int i = 0; i < n; ++i) out += (i == 0 ? "" : ", ") + item;
  return out + "]";
}

// "if d.aliasCount > 100 && d.decodeCount > 1000 && float64(d.aliasCount)/float64(d.decodeCount)
// > allowedAliasRatio(d.decodeCount) { failf("document contains excessive aliasing") }", with
// "allow 99% to come from alias expansion for small-to-medium documents".
TEST(yaml_aliasing, a_billion_laughs_is_excessive) {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  text += "b: &b " + list_of("*a", 10) + "\n";
  text += "c: &c " + list_of("*b", 10) + "\n";
  text += "d: " + list_of("*c", 10) + "\n";
  const auto mark = excessive_aliasing(text);
  ASSERT_TRUE(mark.has_value());
  EXPECT_EQ(mark->line, 3);  // 0-based: the line of `d`, where the share passes 99%
}

TEST(yaml_aliasing, aliases_of_large_anchors_are_counted_whole) {
  // 1 + 1 + 200 nodes written, then one alias that decodes 201 nodes again: 49% from aliases.
  std::string text = "a: &a " + list_of("x", 200) + "\nb: *a\n";
  EXPECT_FALSE(excessive_aliasing(text).has_value());
  // 1000 scalars written and 20 aliases of a 500-node list: ~91% from aliases, under 99%.
  text = "a: &a " + list_of("x", 500) + "\nb: " + list_of("*a", 20) + "\n";
  EXPECT_FALSE(excessive_aliasing(text).has_value());
  // 200 aliases of the same list: over 99%.
  text = "a: &a " + list_of("x", 500) + "\nb: " + list_of("*a", 200) + "\n";
  EXPECT_TRUE(excessive_aliasing(text).has_value());
}

TEST(yaml_aliasing, small_documents_may_be_mostly_aliases) {
  // At most 1000 decoded nodes: never refused, whatever the share ("d.decodeCount > 1000").
  std::string text = "a: &a " + list_of("x", 8) + "\nb: " + list_of("*a", 100) + "\n";
  EXPECT_FALSE(excessive_aliasing(text).has_value());
}

TEST(yaml_aliasing, each_document_is_counted_on_its_own) {
  // kubectl and compose decode one document at a time: a new decoder, new counts.
  std::string doc = "a: &a " + list_of("x", 500) + "\nb: " + list_of("*a", 20) + "\n";
  EXPECT_FALSE(excessive_aliasing(doc + "---\n" + doc + "---\n" + doc).has_value());
}

TEST(yaml_aliasing, text_that_is_not_yaml_is_left_to_the_loader) {
  EXPECT_FALSE(excessive_aliasing("a: [1, 2\n").has_value());
  EXPECT_FALSE(excessive_aliasing("a: *undefined\n").has_value());
}

// jbeder/yaml-cpp#1040: "a YAML stream containing just a comma causes yaml-cpp to loop".
TEST(refuse_yaml, a_lone_comma_is_refused_instead_of_looping) {
  for (const char* text : {",", ",\n", "kind: Pod\n---\n,\n", "- a\n---\n ,"}) {
    const auto r = refuse_yaml(text);
    ASSERT_TRUE(r.has_value()) << text;
    EXPECT_EQ(r->message, "yaml: did not find expected node content");
  }
}

TEST(refuse_yaml, empty_documents_are_not_a_loop) {
  EXPECT_FALSE(refuse_yaml("").has_value());
  EXPECT_FALSE(refuse_yaml("---\n---\n---\nkind: Pod\n").has_value());
  EXPECT_FALSE(refuse_yaml("---\n...\n---\n...\n").has_value());
  EXPECT_FALSE(refuse_yaml("a: ~\n---\n~\n---\nb:\n").has_value());
}

}  // namespace
}  // namespace connplan::launchfiles::detail
