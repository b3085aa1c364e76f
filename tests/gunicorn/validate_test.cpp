#include "gunicorn/validate.hpp"

#include <gtest/gtest.h>

namespace connplan::gunicorn::detail {
namespace {

using python::value;
using python::value_kind;
using outcome = validated::outcome;

value str(std::string s) {
  value v;
  v.kind = value_kind::string;
  v.text = std::move(s);
  return v;
}
value integer(std::int64_t i) {
  value v;
  v.kind = value_kind::integer;
  v.integer = i;
  return v;
}
value floating(double d) {
  value v;
  v.kind = value_kind::floating;
  v.floating = d;
  return v;
}
value boolean(bool b) {
  value v;
  v.kind = value_kind::boolean;
  v.boolean = b;
  return v;
}
value none() {
  return value{};
}
value list(std::vector<value> items) {
  value v;
  v.kind = value_kind::list;
  v.items = std::make_shared<std::vector<value>>(std::move(items));
  return v;
}
value function(std::string name) {
  value v;
  v.kind = value_kind::callable;
  v.text = "<function " + name + ">";
  return v;
}

const setting_info& setting(std::string_view name, std::string_view version = "20.1") {
  return *find_setting(version, name);
}

validated check(std::string_view name, const value& v, std::string_view version = "20.1") {
  return validate(setting(name, version), v, {});
}

// tool-behaviour.md gunicorn 20.1 item 3: "`"45"` and `"0x1e"` work, `"010"` is an error".
TEST(GunicornValidate, IntBase0) {
  EXPECT_EQ(int_base0("45"), 45);
  EXPECT_EQ(int_base0("0x1e"), 30);
  EXPECT_EQ(int_base0(" 0o17 "), 15);
  EXPECT_EQ(int_base0("0b101"), 5);
  EXPECT_EQ(int_base0("1_000"), 1000);
  EXPECT_EQ(int_base0("0x_1f"), 31);
  EXPECT_EQ(int_base0("-3"), -3);
  EXPECT_EQ(int_base0("00"), 0);
  EXPECT_EQ(int_base0("010"), std::nullopt);
  EXPECT_EQ(int_base0("1__0"), std::nullopt);
  EXPECT_EQ(int_base0("_1"), std::nullopt);
  EXPECT_EQ(int_base0("1.5"), std::nullopt);
  EXPECT_EQ(int_base0(""), std::nullopt);
  bool too_large = false;
  EXPECT_EQ(int_base0("99999999999999999999", &too_large), std::nullopt);
  EXPECT_TRUE(too_large);
}

TEST(GunicornValidate, PosIntAcceptsIntsStringsAndBools) {
  EXPECT_EQ(check("timeout", str("0x1e")).value, 30);
  EXPECT_EQ(check("workers", integer(4)).value, 4);
  // "`True` counts as 1" (item 3).
  EXPECT_EQ(check("workers", boolean(true)).value, 1);
  // "0 is allowed (`timeout = 0` disables the timeout)".
  EXPECT_EQ(check("timeout", integer(0)).value, 0);
}

TEST(GunicornValidate, PosIntRejectsFloatsNegativesAndLeadingZeros) {
  // "`2.5` is an error (TypeError)".
  auto f = check("workers", floating(2.5));
  EXPECT_EQ(f.status, outcome::invalid);
  EXPECT_EQ(f.error, "int() can't convert non-string with explicit base");
  // "Negative values are rejected".
  auto n = check("max_requests", integer(-5));
  EXPECT_EQ(n.status, outcome::invalid);
  EXPECT_EQ(n.error, "Value must be positive: -5");
  auto o = check("backlog", str("010"));
  EXPECT_EQ(o.status, outcome::invalid);
  EXPECT_EQ(o.error, "invalid literal for int() with base 0: '010'");
  EXPECT_EQ(check("workers", none()).status, outcome::invalid);
}

// Item 4: "only real `bool` or the strings "true"/"false" (any case, stripped); `preload_app = 1`
// is an error ("Invalid type for casting: 1")".
TEST(GunicornValidate, Bool) {
  EXPECT_EQ(check("preload_app", str(" TRUE ")).value, true);
  EXPECT_EQ(check("preload_app", str("False")).value, false);
  EXPECT_EQ(check("preload_app", boolean(true)).value, true);
  auto one = check("preload_app", integer(1));
  EXPECT_EQ(one.status, outcome::invalid);
  EXPECT_EQ(one.error, "Invalid type for casting: 1");
  auto yes = check("preload_app", str("yes"));
  EXPECT_EQ(yes.status, outcome::invalid);
  EXPECT_EQ(yes.error, "Invalid boolean: yes");
}

// Item 5: "`bind` accepts a string or a list; a string becomes a one-element list".
TEST(GunicornValidate, BindStringBecomesList) {
  EXPECT_EQ(check("bind", str("0.0.0.0:8000")).value, nlohmann::json::array({"0.0.0.0:8000"}));
  EXPECT_EQ(check("bind", list({str("a:1"), str(" b:2 ")})).value,
            nlohmann::json::array({"a:1", "b:2"}));
  EXPECT_EQ(check("bind", str("")).value, nlohmann::json::array());
  EXPECT_EQ(check("bind", list({integer(1)})).status, outcome::invalid);
}

TEST(GunicornValidate, StringsAreStrippedAndNoneKept) {
  EXPECT_EQ(check("loglevel", str(" debug ")).value, "debug");
  EXPECT_TRUE(check("pidfile", none()).value.is_null());
  auto bad = check("loglevel", integer(3));
  EXPECT_EQ(bad.status, outcome::invalid);
  EXPECT_EQ(bad.error, "Not a string: 3");
}

TEST(GunicornValidate, CommaListsAndAddresses) {
  EXPECT_EQ(check("forwarded_allow_ips", str("10.0.0.1, 10.0.0.2")).value,
            nlohmann::json::array({"10.0.0.1", "10.0.0.2"}));
  // 23.0 checks each address with ipaddress.ip_address (validate_string_to_addr_list).
  EXPECT_EQ(check("forwarded_allow_ips", str("*,::1"), "23.0").status, outcome::ok);
  EXPECT_EQ(check("forwarded_allow_ips", str("localhost"), "23.0").status, outcome::invalid);
  EXPECT_EQ(check("forwarded_allow_ips", str("localhost"), "20.1").status, outcome::ok);
}

TEST(GunicornValidate, Hostport) {
  EXPECT_EQ(check("statsd_host", str("localhost:8125")).value,
            nlohmann::json::array({"localhost", 8125}));
  EXPECT_EQ(check("statsd_host", str("localhost")).status, outcome::invalid);
  // 21.0: util.parse_address with the default port 8125.
  EXPECT_EQ(check("statsd_host", str("Localhost"), "21.0").value,
            nlohmann::json::array({"localhost", 8125}));
}

TEST(GunicornValidate, ClassStringOrClassObject) {
  EXPECT_EQ(check("worker_class", str(" gevent ")).value, "gevent");
  value cls;
  cls.kind = value_kind::callable;
  cls.text = "uvicorn.workers.UvicornWorker";
  auto c = check("worker_class", cls);
  EXPECT_TRUE(c.is_class);
  EXPECT_EQ(c.value, "uvicorn.workers.UvicornWorker");
  // validate_class calls a function to get the class: not modelled.
  EXPECT_EQ(check("worker_class", function("pick")).status, outcome::unknown);
}

TEST(GunicornValidate, HooksAreCallablesWithTheirArity) {
  arity_lookup arity = [](std::string_view name) -> std::optional<int> {
    if (name == "two") return 2;
    if (name == "one") return 1;
    return std::nullopt;
  };
  auto ok = validate(setting("post_fork"), function("two"), arity);
  EXPECT_EQ(ok.status, outcome::ok);
  EXPECT_EQ(ok.value, "two");
  auto bad = validate(setting("post_fork"), function("one"), arity);
  EXPECT_EQ(bad.status, outcome::invalid);
  EXPECT_EQ(bad.error, "Value must have an arity of: 2");
  EXPECT_EQ(validate(setting("post_fork"), integer(1), arity).error, "Value is not callable: 1");
  EXPECT_EQ(validate(setting("post_fork"), str("mod.hook"), arity).status, outcome::unknown);
  // validate_post_request: 2, 3 or 4 arguments.
  EXPECT_EQ(validate(setting("post_request"), function("two"), arity).status, outcome::ok);
  EXPECT_EQ(validate(setting("post_request"), function("one"), arity).status, outcome::invalid);
}

TEST(GunicornValidate, DictsUsersAndReloadEngine) {
  EXPECT_EQ(check("secure_scheme_headers", integer(1)).error, "Value is not a dictionary: 1 ");
  EXPECT_EQ(check("user", str("1000")).value, 1000);
  EXPECT_EQ(check("user", str("www-data")).status, outcome::unknown);
  EXPECT_EQ(check("reload_engine", str("poll")).value, "poll");
  EXPECT_EQ(check("reload_engine", str("fast")).error, "Invalid reload_engine: 'fast'");
  EXPECT_EQ(check("ssl_version", str("TLSv1_2")).value, 5);
  EXPECT_EQ(check("ssl_version", integer(99)).status, outcome::invalid);
}

TEST(GunicornValidate, UnknownStaysUnknown) {
  value u;
  u.kind = value_kind::unknown;
  u.reason = "environment variable W is not set";
  auto r = check("workers", u);
  EXPECT_EQ(r.status, outcome::unknown);
  EXPECT_EQ(r.reason, "environment variable W is not set");
}

TEST(GunicornValidate, PythonStr) {
  EXPECT_EQ(python_str(floating(2.5)), "2.5");
  EXPECT_EQ(python_str(floating(2.0)), "2.0");
  EXPECT_EQ(python_str(boolean(true)), "True");
  EXPECT_EQ(python_str(none()), "None");
  EXPECT_EQ(python_str(list({str("a"), integer(1)})), "['a', 1]");
  EXPECT_EQ(python_str(str("postgres://u:secret@h/db")), "postgres://u:***@h/db");
}

}  // namespace
}  // namespace connplan::gunicorn::detail
