// What the compose and Kubernetes readers share: 1-based locations of yaml-cpp nodes, YAML merge
// keys (which yaml-cpp 0.7 does not implement), compose's `${VAR}` interpolation, Kubernetes'
// `$(VAR)` expansion, and turning an exec-form list into one shell command line.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connplan/launch_files.hpp"
#include "connplan/source.hpp"

namespace connplan::launchfiles::detail {

// yaml-cpp's Node::Mark() is 0-based (line and column); connplan's locations are 1-based.
[[nodiscard]] source_location location_of(const YAML::Node& n, const std::string& file);

// A mapping's entries with YAML merge keys applied (https://yaml.org/type/merge.html): `<<: *a`
// or `<<: [*a, *b]`; explicit keys win over merged ones, and an earlier mapping in a merge
// sequence wins over a later one. Keys in file order. Depth-limited (merged mappings may merge).
using yaml_entries = std::vector<std::pair<std::string, YAML::Node>>;
[[nodiscard]] yaml_entries entries_of(const YAML::Node& map);
// One key of a mapping, merge keys included; an undefined node when absent.
[[nodiscard]] YAML::Node member(const YAML::Node& map, std::string_view key);

// A YAML syntax error as CP001 at its mark; the file is then incomplete.
void report_syntax_error(const YAML::Exception& e, launch_file& out);

// go-yaml's defence against alias bombs ("billion laughs"), which docker compose (compose-go on
// gopkg.in/yaml.v3) and kubectl (sigs.k8s.io/yaml on go-yaml) apply to every document they
// decode: decoding fails with "yaml: document contains excessive aliasing" once more than 100
// nodes were decoded through aliases, more than 1000 in all, and the share decoded through
// aliases exceeds 99% (falling to 10% between 400 000 and 4 000 000 decoded nodes)
// (gopkg.in/yaml.v3 decode.go @ v3.0.1, allowedAliasRatio and decoder.unmarshal). Counted from
// yaml-cpp's parse events without expanding anything: an alias adds the node count of the
// subtree it names. Returns where the first offending document trips the limit; nullopt when no
// document does, or when the text is not YAML (YAML::Load then reports the syntax error).
//
// The same pass finds the input on which yaml-cpp 0.7 never ends: a document whose first token
// is not a node (a lone `,`) is returned as an empty document without consuming the token, so
// YAML::LoadAll adds empty documents until memory runs out (jbeder/yaml-cpp#1040, fixed upstream
// by #1319; found by fuzz_launch_files as an out-of-memory and a timeout). go-yaml rejects such
// a document ("did not find expected node content").
struct yaml_refusal {
  YAML::Mark mark;
  std::string message;  // "yaml: …", as go-yaml words it
};
[[nodiscard]] std::optional<yaml_refusal> refuse_yaml(std::string_view text);
// The go-yaml aliasing check alone.
[[nodiscard]] std::optional<YAML::Mark> excessive_aliasing(std::string_view text);
// CP001 at the refusal's mark; `program` is the tool that refuses the file.
void report_refusal(const yaml_refusal& r, std::string_view program, launch_file& out);

// A scalar's text; nullopt for a sequence, a mapping or null.
[[nodiscard]] std::optional<std::string> scalar_of(const YAML::Node& n);

// A string after interpolation, as one shell word or a run of text. `unknown` lists variables
// whose value is not known: their `${NAME}` stays in `shell` so that the command-line parser
// reports them as unset (and --env / [env] resolve them there).
struct expanded {
  std::string text;   // the value with unknown variables replaced by the empty string
  std::string shell;  // sh text for the same value: literals quoted, unknown variables as ${X}
  bool known = true;
  std::vector<std::string> unknown;  // names of unknown variables
  std::string error;                 // `${X:?message}` with X unset: compose refuses the file
  // Longer than max_value_bytes (readers.hpp) after expansion: `text` and `shell` stop there and
  // must not be used (`$(A)$(A)` chains in Kubernetes env double a value per entry).
  bool too_long = false;
};

// Compose interpolation (compose-spec/spec.md "Interpolation"): `$VAR`, `${VAR}`,
// `${VAR:-default}` / `${VAR-default}`, `${VAR:?err}` / `${VAR?err}`, `${VAR:+alt}` /
// `${VAR+alt}`, `$$` for a literal `$`. Defaults may themselves be interpolated.
// `as_word`: the text is one exec-form word (its literals are quoted in `shell`); otherwise it is
// sh text (a string `command:`) and literals are kept as written.
[[nodiscard]] expanded interpolate_compose(std::string_view text,
                                           const std::map<std::string, std::string>& env,
                                           bool as_word = false);

// Kubernetes `$(VAR)` expansion (k8s.io/kubernetes pkg/kubelet/container/helpers.go
// ExpandContainerCommandAndArgs, third_party/forked/golang/expansion): `$(NAME)` from the
// container's environment, `$$` for `$`; a reference that cannot be resolved stays as written.
// `known` maps names to values; `unknown_names` are set but not known (valueFrom).
[[nodiscard]] expanded expand_kubernetes(std::string_view text,
                                         const std::map<std::string, std::string>& known,
                                         const std::vector<std::string>& unknown_names);

// One word quoted for sh so that the shell gives back exactly `word`.
[[nodiscard]] std::string shell_quote(std::string_view word);
// An exec-form list as one sh command line (each word quoted, unknown variables as ${X}).
[[nodiscard]] std::string join_exec_form(const std::vector<expanded>& words);

}  // namespace connplan::launchfiles::detail
