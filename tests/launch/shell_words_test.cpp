// sh word splitting (POSIX.1-2017 XCU 2.2, 2.3, 2.6.2, 2.6.5) and shlex.split.
#include "launch/shell_words.hpp"

#include <gtest/gtest.h>

namespace connplan::launch::detail {
namespace {

std::vector<std::string> texts(std::string_view s, shell_env env = {}) {
  const auto r = split_shell(s, nullptr, env);
  std::vector<std::string> out;
  for (const auto& seg : r.segments) {
    for (const auto& w : seg.words) out.push_back(w.text);
    out.push_back("|");
  }
  return out;
}

TEST(shell_words, quoting) {
  // XCU 2.2.2: "Enclosing characters in single-quotes shall preserve the literal value of each
  // character within the single-quotes."; 2.2.3: backslash in double quotes escapes $ ` " \ only.
  EXPECT_EQ(texts(R"(a 'b c' "d \"e\" \x" f\ g)"),
            (std::vector<std::string>{"a", "b c", "d \"e\" \\x", "f g", "|"}));
  EXPECT_EQ(texts("a '' \"\""), (std::vector<std::string>{"a", "", "", "|"}));
}

TEST(shell_words, comments_only_at_word_start) {
  // XCU 2.3 rule 9: "If the current character is a '#', it and all subsequent characters up to,
  // but excluding, the next <newline> shall be discarded as a comment."
  EXPECT_EQ(texts("a#b # c d\ne"), (std::vector<std::string>{"a#b", "|", "e", "|"}));
}

TEST(shell_words, operators_separate_commands) {
  EXPECT_EQ(texts("a && b; c || d | e & f"),
            (std::vector<std::string>{"a", "|", "b", "|", "c", "|", "d", "|", "e", "|", "f", "|"}));
  // Redirections and their targets are not arguments: `2>&1`, `>/dev/null`.
  EXPECT_EQ(texts("a 2>&1 b >/dev/null c"), (std::vector<std::string>{"a", "b", "c", "|"}));
  EXPECT_EQ(texts("a \\\n b"), (std::vector<std::string>{"a", "b", "|"}));
}

TEST(shell_words, parameter_expansion_from_the_environment) {
  shell_env env{{"W", {"4", true, {}, {}, true}}, {"E", {"", true, {}, {}, true}}};
  // XCU 2.6.2: "${parameter:-word} Use Default Values. If parameter is unset or null, the
  // expansion of word shall be substituted"; "${parameter-word}": only when unset.
  EXPECT_EQ(texts("${W} ${X:-1} ${E:-2} ${E-3}x $W", env),
            (std::vector<std::string>{"4", "1", "2", "x", "4", "|"}));
  auto r = split_shell("-w $NOPE", nullptr, env);
  const auto& w = r.segments.at(0).words.at(1);
  EXPECT_FALSE(w.known);
  EXPECT_EQ(w.reason, "environment variable NOPE is not set");
  EXPECT_EQ(w.variables, (std::vector<std::string>{"NOPE"}));
  EXPECT_EQ(w.text, "$NOPE");
  const auto sub = split_shell("$(hostname)", nullptr, env).segments.at(0).words.at(0);
  EXPECT_FALSE(sub.known);
}

TEST(shell_words, field_splitting_of_unquoted_expansions) {
  // XCU 2.6.5: results of unquoted expansions are split at IFS characters; quoted ones are not.
  shell_env env{{"A", {"x  y", true, {}, {}, true}}};
  EXPECT_EQ(texts("$A \"$A\"", env), (std::vector<std::string>{"x", "y", "x  y", "|"}));
}

TEST(shell_words, assignments_set_variables_for_later_commands) {
  shell_env env;
  const auto r = split_shell("W=${W:-3}; export K=2\ngunicorn -w $W", nullptr, env);
  EXPECT_EQ(r.segments.at(2).words.at(2).text, "3");
  EXPECT_TRUE(env.at("K").exported);
  EXPECT_FALSE(env.at("W").exported);
}

TEST(shell_words, unterminated_quote_is_an_error) {
  shell_env env;
  EXPECT_EQ(split_shell("a 'b", nullptr, env).errors,
            (std::vector<std::string>{"unterminated quoted string"}));
}

TEST(shell_words, spans_point_into_the_text) {
  shell_env env;
  const std::string text = "ab  'c d'";
  const auto r = split_shell(text, nullptr, env);
  const auto& w = r.segments.at(0).words.at(1);
  EXPECT_EQ(w.where.begin, 5u);  // the first character inside the quotes
  EXPECT_EQ(w.where.end, 8u);
}

TEST(shell_words, shlex_split_as_gunicorn_cmd_args) {
  // Python shlex.split (posix): quotes removed, no expansion; "No closing quotation".
  std::string error;
  const auto words = shlex_split(R"(--workers=3 -b "0.0.0.0:80" '$X')", &error);
  ASSERT_EQ(words.size(), 4u);
  EXPECT_EQ(words[2].text, "0.0.0.0:80");
  EXPECT_EQ(words[3].text, "$X");
  EXPECT_TRUE(shlex_split("'a", &error).empty());
  EXPECT_EQ(error, "No closing quotation");
}

}  // namespace
}  // namespace connplan::launch::detail
