#include "django/history.hpp"

#include <gtest/gtest.h>

#include "django/test_values.hpp"

namespace connplan::django::detail {
namespace {

using namespace testing;
using how = python::write_event::how;

// The evaluator's log of `DATABASES = {"default": {"ENGINE": ..., "CONN_MAX_AGE": 600}}` in
// base.py line 3: the dict, then each constant-key member (at the member's value).
std::vector<write_event> base_py(value& databases) {
  value cma = located(integer(600), at(3, 60, "base.py"));
  value alias =
      located(dict({{"ENGINE", str("django.db.backends.postgresql")}, {"CONN_MAX_AGE", cma}}),
              at(3, 14, "base.py"));
  databases = located(dict({{"default", alias}}), at(3, 13, "base.py"));
  return {write("DATABASES", databases, span(3, 1, 3, 80, "base.py")),
          at_depth(write("DATABASES['default']", alias, at(3, 14, "base.py")), 1),
          at_depth(write("DATABASES['default']['ENGINE']", str("django.db.backends.postgresql"),
                         at(3, 30, "base.py")),
                   2),
          at_depth(write("DATABASES['default']['CONN_MAX_AGE']", cma, at(3, 60, "base.py")), 2)};
}

TEST(DjangoHistory, SplitsTargets) {
  EXPECT_EQ(split_target("DATABASES['default']['CONN_MAX_AGE']"),
            (std::vector<std::string>{"DATABASES", "default", "CONN_MAX_AGE"}));
  EXPECT_EQ(split_target("DATABASES[\"a b\"]"), (std::vector<std::string>{"DATABASES", "a b"}));
  EXPECT_EQ(split_target("X"), std::vector<std::string>{"X"});
}

// domain.md §8 item 14: "Conflicting CONN_MAX_AGE across base.py/production.py/local.py: report
// the effective value after import * and later reassignments/mutations, and every overridden
// value with its location". The founding incident's shape.
TEST(DjangoHistory, IncidentShapeBaseProductionLocal) {
  value databases;
  auto writes = base_py(databases);
  writes.push_back(write("DATABASES", databases, at(1, 1, "production.py"), how::star_import));
  writes.push_back(write("DATABASES['default']['CONN_MAX_AGE']",
                         located(integer(0), at(3, 40, "production.py")), at(3, 1, "production.py"),
                         how::mutation));
  writes.push_back(write("DATABASES", databases, at(1, 1, "local.py"), how::star_import));
  value final_value = located(integer(60), at(4, 40, "local.py"));
  writes.push_back(write("DATABASES['default']['CONN_MAX_AGE']", final_value, at(4, 1, "local.py"),
                         how::mutation));
  auto h = conn_max_age_history(writes, "default", final_value);
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0].value.value, 600);
  EXPECT_EQ(h[0].value.origin.location.file, "base.py");
  EXPECT_EQ(h[0].how, "dict");
  EXPECT_FALSE(h[0].effective);
  EXPECT_EQ(h[1].value.value, 0);
  EXPECT_EQ(h[1].value.origin.location.file, "production.py");
  EXPECT_EQ(h[1].how, "assign");
  EXPECT_FALSE(h[1].effective);
  EXPECT_EQ(h[2].value.value, 60);
  EXPECT_EQ(h[2].value.origin.location.file, "local.py");
  EXPECT_TRUE(h[2].effective);
  EXPECT_TRUE(conn_max_age_history(writes, "replica", final_value).empty());
}

// `DATABASES = {"default": {"ENGINE": ..., "HOST": DB_HOST, "CONN_MAX_AGE": cma}}` written over
// lines `line` to `line + 5` of settings.py, as the evaluator logs it: each member at its value's
// origin (cma is on line + 4), and DB_HOST's value was made on line 1, outside the statement.
std::vector<write_event> store_with_host(std::uint32_t line, const value& cma) {
  value engine = located(str("django.db.backends.postgresql"), at(line + 2, 23));
  value host = located(str("db"), at(1, 11));
  value alias = located(dict({{"ENGINE", engine}, {"HOST", host}, {"CONN_MAX_AGE", cma}}),
                        span(line + 1, 16, line + 5, 6));
  value databases = located(dict({{"default", alias}}), span(line, 13, line + 6, 2));
  return {write("DATABASES", databases, span(line, 1, line + 6, 2)),
          at_depth(write("DATABASES['default']", alias, alias.origin.location), 1),
          at_depth(write("DATABASES['default']['ENGINE']", engine, engine.origin.location), 2),
          at_depth(write("DATABASES['default']['HOST']", host, host.origin.location), 2),
          at_depth(write("DATABASES['default']['CONN_MAX_AGE']", cma, cma.origin.location), 2)};
}

// A member whose value was made elsewhere (`"HOST": DB_HOST`) is still a member of its dict: the
// alias dict that follows it has CONN_MAX_AGE, so it is no "reset" to 0.
TEST(DjangoHistory, MemberValuedFromElsewhereStaysInItsDict) {
  value databases;
  auto writes = base_py(databases);
  value cma = located(integer(60), at(12, 25));
  for (auto& w : store_with_host(8, cma)) writes.push_back(std::move(w));
  auto h = conn_max_age_history(writes, "default", cma);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].value.value, 600);
  EXPECT_EQ(h[1].how, "dict");
  EXPECT_EQ(h[1].value.value, 60);
  EXPECT_EQ(h[1].value.origin.location.begin.line, 12u);
  EXPECT_TRUE(h[1].effective);
}

// `def setup(): global DATABASES; DATABASES = {...}; return DATABASES` then, at module level,
// `DATABASES = setup()`: the function's store (line 12) comes first, then the module's store
// (line 30) of the same dict, logged again with its members at their origins inside the
// function. One value, one entry.
TEST(DjangoHistory, FunctionStoreThenItsReturnedDictIsOneAssignment) {
  value cma = located(integer(60), at(16, 33));
  auto writes = store_with_host(12, cma);
  auto again = store_with_host(12, cma);
  again[0].where = span(30, 1, 30, 20);
  for (auto& w : again) writes.push_back(std::move(w));
  auto h = conn_max_age_history(writes, "default", cma);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].value.value, 60);
  EXPECT_EQ(h[0].value.origin.location.begin.line, 16u);
  EXPECT_TRUE(h[0].effective);
}

// Python semantics (domain.md §2.7): rebinding DATABASES["default"] drops the old dict, so Django
// fills CONN_MAX_AGE = 0 again.
TEST(DjangoHistory, RebindingTheAliasResetsToTheDefault) {
  value databases;
  auto writes = base_py(databases);
  value fresh = located(dict({{"ENGINE", str("x")}}), at(5, 25, "local.py"));
  writes.push_back(
      write("DATABASES['default']", fresh, span(5, 1, 5, 50, "local.py"), how::mutation));
  writes.push_back(at_depth(
      write("DATABASES['default']['ENGINE']", str("x"), at(5, 36, "local.py"), how::mutation), 1));
  value final_value = integer(0);  // the default, no source
  auto h = conn_max_age_history(writes, "default", final_value);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[1].how, "reset");
  EXPECT_EQ(h[1].value.value, 0);
  EXPECT_EQ(h[1].value.origin.location.file, "local.py");
  EXPECT_TRUE(h[1].effective);
  EXPECT_FALSE(h[0].effective);
}

// learnscripture's settings: a conditional `del DATABASES["default"]["CONN_MAX_AGE"]`.
TEST(DjangoHistory, DeletionGoesBackToTheDefaultAndKeepsTheCondition) {
  value databases;
  auto writes = base_py(databases);
  writes.push_back(write("DATABASES['default']['CONN_MAX_AGE']", value{}, at(9, 5), how::deletion,
                         /*conditional=*/true));
  auto h = conn_max_age_history(writes, "default", alternatives({integer(600), integer(0)}));
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[1].how, "delete");
  EXPECT_TRUE(h[1].conditional);
  EXPECT_FALSE(h[0].conditional);
}

// `DATABASES["default"].pop("CONN_MAX_AGE")` is logged as a mutation storing `absent`.
TEST(DjangoHistory, PopGoesBackToTheDefault) {
  value databases;
  auto writes = base_py(databases);
  value gone;
  gone.kind = value_kind::absent;
  writes.push_back(write("DATABASES['default']['CONN_MAX_AGE']", gone, at(9, 1), how::mutation));
  auto h = conn_max_age_history(writes, "default", integer(0));
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[1].how, "delete");
  EXPECT_TRUE(h[1].effective);
}

// A dict that is not fresh (bound earlier to another name) logs no members: its contents are read.
TEST(DjangoHistory, StoredDictWithoutMembersIsRead) {
  value other = dict({{"default", dict({{"CONN_MAX_AGE", located(none(), at(2, 30))}})}});
  std::vector<write_event> writes{write("DATABASES", other, at(7, 1))};
  auto h = conn_max_age_history(writes, "default", located(none(), at(2, 30)));
  ASSERT_EQ(h.size(), 1u);
  EXPECT_TRUE(h[0].value.value.is_null());
  EXPECT_EQ(h[0].value.origin.location.begin.line, 7u);
  EXPECT_TRUE(h[0].effective);
}

// DALME: `DATABASES["default"].update(dj_database_url.config(conn_max_age=500))`; the evaluator
// logs dict.update() as one mutation per updated key.
TEST(DjangoHistory, UpdateWithTheKeyCounts) {
  value databases;
  auto writes = base_py(databases);
  value cma = located(integer(500), at(8, 60));
  writes.push_back(write("DATABASES['default']['HOST']", str("h"), at(8, 1), how::mutation));
  writes.push_back(write("DATABASES['default']['CONN_MAX_AGE']", cma, at(8, 1), how::mutation));
  writes.push_back(write("DATABASES['default']['HOST']", str("h"), at(9, 1), how::mutation));
  auto h = conn_max_age_history(writes, "default", cma);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[1].value.value, 500);
  EXPECT_TRUE(h[1].effective);
}

// DATABASES.update({"default": {...}}) replaces the alias (logged without members: not fresh).
TEST(DjangoHistory, ReplacingTheAliasReadsItsDict) {
  value databases;
  auto writes = base_py(databases);
  value replaced = dict({{"NAME", str("n")}});
  writes.push_back(write("DATABASES['default']", replaced, at(8, 1), how::mutation));
  auto h = conn_max_age_history(writes, "default", integer(0));
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[1].how, "reset");
  EXPECT_TRUE(h[1].effective);
}

// DATABASES bound to alternatives (a joined unknown branch, or a function's result after one): the
// entry is the alias's CONN_MAX_AGE on each path, not the DATABASES dict; binding again only values
// already in the history adds nothing.
TEST(DjangoHistory, AlternativesOfDatabasesAreReadPerAlias) {
  value a = located(integer(0), at(4, 60));
  value b = located(integer(600), at(6, 60));
  value joined = alternatives({dict({{"default", dict({{"CONN_MAX_AGE", a}})}}),
                               dict({{"default", dict({{"CONN_MAX_AGE", b}})}})});
  std::vector<write_event> writes{write("DATABASES", joined, at(9, 1))};
  auto h = conn_max_age_history(writes, "default", alternatives({a, b}));
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].value.status, value_status::alternatives);
  EXPECT_EQ(h[0].value.alternatives, (nlohmann::json{0, 600}));
  EXPECT_EQ(h[0].value.origin.location.begin.line, 9u);

  std::vector<write_event> again{
      write("DATABASES['default']['CONN_MAX_AGE']", a, at(4, 60), how::mutation, true),
      write("DATABASES['default']['CONN_MAX_AGE']", b, at(6, 60), how::mutation, true),
      write("DATABASES", joined, at(9, 1))};
  EXPECT_EQ(conn_max_age_history(again, "default", alternatives({a, b})).size(), 2u);
}

TEST(DjangoHistory, UnknownValueIsKeptUnknown) {
  value u = unknown("int(os.environ['CMA'])", "CMA is not set", at(4, 40));
  std::vector<write_event> writes{
      write("DATABASES['default']['CONN_MAX_AGE']", u, at(4, 1), how::mutation)};
  auto h = conn_max_age_history(writes, "default", u);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].value.status, value_status::unknown);
  EXPECT_TRUE(h[0].effective);
}

}  // namespace
}  // namespace connplan::django::detail
