// Inputs that crashed or hung fuzz_launch_files (fuzz/regressions/fuzz_launch_files/).
#include <gtest/gtest.h>

#include <string>

#include "connplan/launch_files.hpp"
#include "test_support.hpp"

namespace connplan::launchfiles {
namespace {

// hang-unclosed-marker-byte: a \x01 byte in a supervisord `command=` is also the reader's own
// marker of an unknown %(ENV_X)s; without its closing \x02 the quoting loop restarted from 0
// forever, growing its output until the fuzzer's timeout.
TEST(fuzz_regressions, a_marker_byte_in_the_file_is_kept_as_a_byte) {
  const std::string text = "[program:gunicorn]\r\ncommand=gunicorn -c conf.py app:\x01wsgi\r\n";
  launch_file f = read_launch_file(text, "supervisord.conf", format::supervisord, {});
  ASSERT_EQ(f.processes.size(), 1u);
  EXPECT_NE(f.processes[0].command.find('\x01'), std::string::npos) << f.processes[0].command;
}

// The inputs below are hand-written versions of the out-of-memory fuzz_launch_files found
// (each needed gigabytes before the limits of docs/robustness.md "Expansions").
using test_support::count_code;

std::string repeat(const std::string& s, int n, const std::string& sep = "") {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i == 0 ? "" : sep) + s;
  return out;
}

std::size_t bytes_of(const launch_file& f) {
  std::size_t n = 0;
  for (const auto& p : f.processes) {
    n += p.command.size();
    for (const auto& [k, v] : p.env) n += k.size() + v.size();
  }
  return n;
}

// fuzz/regressions/fuzz_launch_files/oom-kubernetes-list-aliases: `kind: List` items that are
// aliases of lists of aliases: 20^5 containers from 600 bytes. kubectl refuses the file
// ("yaml: document contains excessive aliasing", go-yaml's limit); so does connplan, before
// building anything.
TEST(fuzz_regressions, kubernetes_lists_of_aliases_are_refused_as_kubectl_does) {
  std::string text = "kind: List\n";
  text += "p: &p {name: w, command: [gunicorn, app]}\n";
  text += "d: &d {kind: Deployment, spec: {template: {spec: {containers: [" +
          repeat("*p", 20, ",") + "]}}}}\n";
  text += "l1: &l1 {kind: List, items: [" + repeat("*d", 20, ",") + "]}\n";
  text += "l2: &l2 {kind: List, items: [" + repeat("*l1", 20, ",") + "]}\n";
  text += "l3: &l3 {kind: List, items: [" + repeat("*l2", 20, ",") + "]}\n";
  text += "items: [" + repeat("*l3", 20, ",") + "]\n";
  const launch_file f = read_launch_file(text, "deployment.yaml", format::kubernetes, {});
  EXPECT_TRUE(f.processes.empty());
  ASSERT_EQ(count_code(f, "CP001"), 1);
  EXPECT_NE(f.findings[0].message.find("excessive aliasing"), std::string::npos);
  EXPECT_FALSE(f.complete);
}

// timeout-yaml-lone-comma (a mutated compose file of the corpus, minimised by libFuzzer to one
// byte): yaml-cpp 0.7's LoadAll returns the same empty document forever for `,`, growing its
// list of documents until the timeout or the memory limit (jbeder/yaml-cpp#1040). kubectl and
// docker compose refuse the file; so does connplan, before yaml-cpp loads it.
TEST(fuzz_regressions, a_lone_comma_is_a_yaml_error_not_a_hang) {
  for (const auto f : {format::kubernetes, format::compose}) {
    const launch_file out = read_launch_file(",", "x.yaml", f, {});
    ASSERT_EQ(count_code(out, "CP001"), 1) << to_string(f);
    EXPECT_NE(out.findings[0].message.find("did not find expected node content"),
              std::string::npos);
    EXPECT_FALSE(out.complete);
  }
}

// oom-shell-doubling: `A=$A$A$A$A$A$A$A$A` on every line multiplies A by 8 per line. Past 1 MiB
// per command the expansion is unknown (with the reason), and the file's 8 MiB budget stops
// the reading with CP006: nothing is cut short silently.
TEST(fuzz_regressions, shell_variables_that_repeat_themselves_stop_at_the_limit) {
  std::string text = "A=xxxxxxxxxxxxxxxx\n" + repeat("A=$A$A$A$A$A$A$A$A\n", 10) +
                     "gunicorn app:wsgi --bind \"$A\"\n";
  const launch_file f = read_launch_file(text, "start.sh", format::shell, {});
  EXPECT_LT(bytes_of(f), std::size_t{16} << 20);
  ASSERT_EQ(f.processes.size(), 1u);
  // A is unknown (over the limit): the command keeps `$A` for the parser to report.
  EXPECT_NE(f.processes[0].command.find("$A"), std::string::npos) << f.processes[0].command.size();
}

TEST(fuzz_regressions, shell_expansions_over_the_file_budget_are_cp006) {
  // Twelve variables of 1 MiB (each within the per-command limit) spend the 8 MiB budget.
  std::string text = "A=xxxxxxxxxxxxxxxx\n" + repeat("A=$A$A$A$A$A$A$A$A\n", 5);  // 512 KiB
  text += "A=$A$A\n";                                                             // 1 MiB
  for (int i = 0; i < 12; ++i) text += "B" + std::to_string(i) + "=$A\n";
  text += "gunicorn app:wsgi\n";
  const launch_file f = read_launch_file(text, "start.sh", format::shell, {});
  EXPECT_EQ(count_code(f, "CP006"), 1);
  EXPECT_FALSE(f.complete);
  EXPECT_TRUE(f.processes.empty());  // the line after the limit is not read
}

TEST(fuzz_regressions, a_script_under_the_budget_is_read_whole) {
  std::string text = "A=xxxxxxxxxxxxxxxx\n" + repeat("A=$A$A\n", 10) + "gunicorn app:wsgi\n";
  const launch_file f = read_launch_file(text, "start.sh", format::shell, {});
  EXPECT_EQ(count_code(f, "CP006"), 0);
  EXPECT_TRUE(f.complete);
  EXPECT_EQ(f.processes.size(), 1u);
}

// A script whose f8 calls f7 four times, f7 calls f6 four times, ... and f0 runs `innermost`:
// 4^8 runs of it.
std::string function_fan_out(const std::string& innermost) {
  std::string text = "f0() { " + innermost + "; }\n";
  for (int i = 1; i <= 8; ++i)
    text +=
        "f" + std::to_string(i) + "() { " + repeat("f" + std::to_string(i - 1), 4, "; ") + "; }\n";
  return text + "f8\n";
}

// hang-shell-function-fanout: functions calling functions repeat commands 4^8 times.
TEST(fuzz_regressions, shell_function_fan_out_stops_at_the_command_limit_with_cp006) {
  const std::string text = function_fan_out("echo starting");
  const launch_file f = read_launch_file(text, "start.sh", format::shell, {});
  EXPECT_EQ(count_code(f, "CP006"), 1);
  EXPECT_FALSE(f.complete);
}

// The same with a server in the innermost function: 4^8 gunicorn processes, named gunicorn,
// gunicorn-2, …; naming them probed every earlier name for every suffix (cubic: a hang).
TEST(fuzz_regressions, shell_function_fan_out_of_processes_stops_at_the_process_limit) {
  const std::string text = function_fan_out("gunicorn app:wsgi");
  const launch_file f = read_launch_file(text, "start.sh", format::shell, {});
  EXPECT_EQ(count_code(f, "CP006"), 1);
  // Stopped by the command, process or byte limit, whichever comes first.
  ASSERT_GT(f.processes.size(), 1000u);
  EXPECT_LE(f.processes.size(), 10000u);
  EXPECT_EQ(f.processes[1].name, "gunicorn-2");
  EXPECT_EQ(f.processes.back().name, "gunicorn-" + std::to_string(f.processes.size()));
}

// oom-dockerfile-env-doubling: `ENV A=$A$A` on every line.
TEST(fuzz_regressions, dockerfile_env_that_repeats_itself_is_cp006) {
  std::string text = "FROM python\nENV A=xxxxxxxxxxxxxxxx\n" + repeat("ENV A=$A$A$A$A\n", 14) +
                     "CMD gunicorn app:wsgi\n";
  const launch_file f = read_launch_file(text, "Dockerfile", format::dockerfile, {});
  EXPECT_EQ(count_code(f, "CP006"), 1);
  EXPECT_FALSE(f.complete);
  EXPECT_LT(bytes_of(f), std::size_t{16} << 20);
}

TEST(fuzz_regressions, dockerfile_env_under_the_budget_is_expanded) {
  std::string text = "FROM python\nENV A=xxxxxxxxxxxxxxxx\n" + repeat("ENV A=$A$A\n", 4) +
                     "CMD gunicorn app:wsgi\n";
  const launch_file f = read_launch_file(text, "Dockerfile", format::dockerfile, {});
  EXPECT_EQ(count_code(f, "CP006"), 0);
  ASSERT_EQ(f.processes.size(), 1u);
  EXPECT_EQ(f.processes[0].env.at("A").size(), 16u * 16u);
}

// oom-supervisord-env-in-command: `B=%(ENV_A)s…` in a program's environment, `%(ENV_B)s…` in
// its command: the length multiplies at each level.
TEST(fuzz_regressions, supervisord_expansions_over_the_limit_are_cp006) {
  const std::string a(4000, 'a');
  std::string text = "[supervisord]\nenvironment=A=\"" + a + "\"\n[program:web]\n";
  text += "environment=B=\"" + repeat("%(ENV_A)s", 40) + "\"\n";
  text += "command=gunicorn " + repeat("%(ENV_B)s", 40, " ") + "\n";
  const launch_file f = read_launch_file(text, "supervisord.conf", format::supervisord, {});
  EXPECT_EQ(count_code(f, "CP006"), 1);
  EXPECT_FALSE(f.complete);
  EXPECT_LT(bytes_of(f), std::size_t{16} << 20);
}

TEST(fuzz_regressions, supervisord_process_num_width_over_the_limit_is_cp006) {
  const std::string text =
      "[program:web]\nnumprocs=2\nprocess_name=web-%(process_num)0999999999d\n"
      "command=gunicorn app --name %(process_num)0999999999d\n";
  const launch_file f = read_launch_file(text, "supervisord.conf", format::supervisord, {});
  EXPECT_EQ(count_code(f, "CP006"), 1);
  ASSERT_EQ(f.processes.size(), 1u);
  ASSERT_TRUE(f.processes[0].replicas && f.processes[0].replicas->value);
  EXPECT_EQ(*f.processes[0].replicas->value, 2);  // numprocs itself is still read
}

TEST(fuzz_regressions, supervisord_process_num_width_is_padded) {
  const std::string text =
      "[program:web]\nprocess_name=web-%(process_num)03d\ncommand=gunicorn app --name "
      "w%(process_num)03d\n";
  const launch_file f = read_launch_file(text, "supervisord.conf", format::supervisord, {});
  EXPECT_EQ(count_code(f, "CP006"), 0);
  ASSERT_EQ(f.processes.size(), 1u);
  EXPECT_NE(f.processes[0].command.find("w000"), std::string::npos) << f.processes[0].command;
}

// oom-kubernetes-env-chain: `$(A)$(A)…` in each env entry doubles the value per entry.
TEST(fuzz_regressions, kubernetes_env_chains_over_the_limit_are_cp006) {
  std::string text =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n"
      "    spec:\n      containers:\n      - name: web\n        command: [gunicorn, app]\n"
      "        env:\n        - {name: V0, value: xxxxxxxxxxxxxxxx}\n";
  for (int i = 1; i <= 12; ++i)
    text += "        - {name: V" + std::to_string(i) + ", value: \"" +
            repeat("$(V" + std::to_string(i - 1) + ")", 8) + "\"}\n";
  const launch_file f = read_launch_file(text, "deployment.yaml", format::kubernetes, {});
  EXPECT_GE(count_code(f, "CP006"), 1);
  EXPECT_FALSE(f.complete);
  EXPECT_LT(bytes_of(f), std::size_t{16} << 20);
}

// oom-compose-aliased-command: a long string repeated through aliases in every service's
// command: within go-yaml's alias limit (half of the nodes are aliases) but 1.2 MB per command.
TEST(fuzz_regressions, compose_commands_over_the_limit_are_cp006) {
  std::string text = "x-s: &s \"" + std::string(4000, 'a') + "\"\n";
  text += "x-c: &c [" + repeat("*s", 300, ", ") + "]\n";
  text += "services:\n  web:\n    image: python\n    command: *c\n";
  const launch_file f = read_launch_file(text, "compose.yml", format::compose, {});
  EXPECT_EQ(count_code(f, "CP006"), 1);
  EXPECT_FALSE(f.complete);
  EXPECT_LT(bytes_of(f), std::size_t{2} << 20);
}

TEST(fuzz_regressions, compose_aliases_under_the_limits_are_expanded) {
  std::string text = "x-c: &c [gunicorn, app]\nservices:\n";
  for (int i = 0; i < 50; ++i)
    text += "  web" + std::to_string(i) + ":\n    image: python\n    command: *c\n";
  const launch_file f = read_launch_file(text, "compose.yml", format::compose, {});
  EXPECT_EQ(count_code(f, "CP006"), 0);
  EXPECT_EQ(count_code(f, "CP001"), 0);
  EXPECT_EQ(f.processes.size(), 50u);
}

}  // namespace
}  // namespace connplan::launchfiles
