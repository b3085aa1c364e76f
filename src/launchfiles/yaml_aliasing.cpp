// excessive_aliasing: go-yaml's alias-ratio limit, computed from parse events (yaml_support.hpp).
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <fmt/format.h>

#include <cstdint>
#include <sstream>
#include <unordered_map>

#include "launchfiles/yaml_support.hpp"

namespace connplan::launchfiles::detail {
namespace {

// gopkg.in/yaml.v3 decode.go @ v3.0.1: alias_ratio_range_low / _high and allowedAliasRatio.
double allowed_alias_ratio(std::uint64_t decoded) {
  constexpr double low = 400000, high = 4000000;
  const auto n = static_cast<double>(decoded);
  if (n <= low) return 0.99;
  if (n >= high) return 0.10;
  return 0.99 - 0.89 * ((n - low) / (high - low));
}

// Counts what go-yaml's decoder.unmarshal counts for one document: every node once (the
// document node too), and for an alias the alias node plus every node of the subtree it names,
// those as decoded through an alias. The check runs after each event; within the nodes an alias
// adds, the alias share only grows and the allowed share only falls, so checking at the end of
// them finds exactly the documents that go-yaml rejects.
class alias_counter : public YAML::EventHandler {
 public:
  std::optional<YAML::Mark> tripped;
  std::optional<YAML::Mark> stuck;

  void OnDocumentStart(const YAML::Mark& mark) override {
    // A document that starts where the previous one started and had no node: yaml-cpp did not
    // consume a token and would return the same empty document forever.
    if (documents_ > 0 && mark.pos == start_.pos && events_ == 0) stuck = mark;
    ++documents_;
    start_ = mark;
    events_ = 0;
    decoded_ = 1;  // the document node
    aliased_ = 0;
    starts_.clear();
    sizes_.clear();
    check(mark);
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    leaf(mark, anchor, anchor == YAML::NullAnchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    ++events_;
    const auto it = sizes_.find(anchor);
    const std::uint64_t size = it == sizes_.end() ? 1 : it->second;
    decoded_ += 1 + size;
    aliased_ += size;
    check(mark);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    leaf(mark, anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor, bool empty = false) {
    if (!empty) ++events_;
    ++decoded_;
    if (anchor != YAML::NullAnchor) sizes_[anchor] = 1;
    check(mark);
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    ++events_;
    ++decoded_;
    starts_.push_back({anchor, decoded_ - 1});
    check(mark);
  }
  void close() {
    if (starts_.empty()) return;
    const auto [anchor, before] = starts_.back();
    starts_.pop_back();
    if (anchor != YAML::NullAnchor) sizes_[anchor] = decoded_ - before;
  }
  void check(const YAML::Mark& mark) {
    if (tripped) return;
    if (aliased_ > 100 && decoded_ > 1000 &&
        static_cast<double>(aliased_) / static_cast<double>(decoded_) >
            allowed_alias_ratio(decoded_))
      tripped = mark;
  }

  std::size_t documents_ = 0;
  YAML::Mark start_;
  std::size_t events_ = 0;  // nodes of the current document, an empty one not counted
  std::uint64_t decoded_ = 0;
  std::uint64_t aliased_ = 0;
  std::vector<std::pair<YAML::anchor_t, std::uint64_t>> starts_;  // open collections
  std::unordered_map<YAML::anchor_t, std::uint64_t> sizes_;       // anchor → nodes it names
};

}  // namespace

std::optional<yaml_refusal> refuse_yaml(std::string_view text) {
  std::istringstream in{std::string(text)};
  alias_counter counter;
  try {
    YAML::Parser parser(in);
    while (!counter.tripped && !counter.stuck && parser.HandleNextDocument(counter)) {
    }
  } catch (const YAML::Exception&) {
    // A syntax error: YAML::Load reports it. What was counted before it still counts.
  }
  if (counter.stuck)
    return yaml_refusal{*counter.stuck, "yaml: did not find expected node content"};
  if (counter.tripped)
    return yaml_refusal{*counter.tripped, "yaml: document contains excessive aliasing"};
  return std::nullopt;
}

std::optional<YAML::Mark> excessive_aliasing(std::string_view text) {
  auto r = refuse_yaml(text);
  if (r && r->message.ends_with("aliasing")) return r->mark;
  return std::nullopt;
}

void report_refusal(const yaml_refusal& r, std::string_view program, launch_file& out) {
  source_location at;
  at.file = out.path;
  if (r.mark.line >= 0 && r.mark.column >= 0) {
    at.begin = {static_cast<std::uint32_t>(r.mark.line + 1),
                static_cast<std::uint32_t>(r.mark.column + 1)};
    at.end = at.begin;
  }
  out.findings.push_back(
      make_finding("CP001", fmt::format("{}; {} refuses the file", r.message, program), at,
                   r.message.ends_with("aliasing") ? "yaml.aliasing" : "yaml.node"));
  out.complete = false;
}

}  // namespace connplan::launchfiles::detail
