// Kubernetes manifests (multi-document YAML, `kind: List`): every container of a workload's pod
// template is a launched process; the workload's replicas (HPA maxReplicas when one scales it)
// and its RollingUpdate maxSurge are its counts.
#include <fmt/format.h>

#include <cmath>

#include "connplan/finding.hpp"
#include "launchfiles/readers.hpp"
#include "launchfiles/yaml_readers.hpp"
#include "launchfiles/yaml_support.hpp"

namespace connplan::launchfiles::detail {
namespace {

struct k8s_reader {
  launch_file& out;
  output_budget& budget;
  // Deployments' maxSurge as written, computed once the replicas are final (an HPA changes them).
  std::vector<std::pair<std::size_t, launch_count>> surges;  // process index → maxSurge

  source_location at(const YAML::Node& n) const { return location_of(n, out.path); }

  std::optional<long long> whole(const std::string& s) const {
    try {
      std::size_t used = 0;
      const long long v = std::stoll(s, &used, 10);
      if (used == s.size() && v >= 0) return v;
    } catch (...) {
    }
    return std::nullopt;
  }

  launch_count count(const YAML::Node& n, long long fallback, const std::string& workload,
                     std::string_view what) {
    launch_count c;
    if (!n.IsDefined() || n.IsNull()) {
      c.value = fallback;
      c.text = std::to_string(fallback);
      return c;
    }
    c.where = at(n);
    c.text = scalar_of(n).value_or("");
    c.value = whole(c.text);
    if (!c.value) {
      c.reason = fmt::format("\"{}\" is not a whole number", c.text);
      out.findings.push_back(make_finding(
          "CP002",
          fmt::format("the {} of {} are \"{}\", not a whole number", what, workload, c.text),
          c.where, fmt::format("k8s.{}.{}", workload, what)));
    }
    return c;
  }

  // env: `value` (with $(VAR) references to earlier entries expanded), `valueFrom` → unknown.
  void environment(const YAML::Node& env, launched_process& p, std::vector<std::string>& unknown) {
    if (!env.IsSequence()) return;
    for (const auto& e : env) {
      const std::string name = scalar_of(member(e, "name")).value_or("");
      if (name.empty()) continue;
      const YAML::Node value = member(e, "value");
      if (member(e, "valueFrom").IsDefined()) {
        unknown.push_back(name);
        p.env.erase(name);
        continue;
      }
      expanded x = expand_kubernetes(scalar_of(value).value_or(""), p.env, unknown);
      if (x.too_long) {
        report_value_too_long(out, at(value.IsDefined() ? value : e),
                              fmt::format("environment variable {}", name));
        unknown.push_back(name);
        p.env.erase(name);
        continue;
      }
      if (!budget.take(x.text.size() + x.shell.size(), at(e))) return;
      if (!x.known) {
        unknown.push_back(name);
        p.env.erase(name);
        continue;
      }
      p.env[name] = x.text;
      p.env_at[name] = at(value.IsDefined() ? value : e);
    }
  }

  void container(const YAML::Node& c, const std::string& name, const std::string& workload_id,
                 const launch_count& replicas) {
    launched_process p;
    p.name = name;
    p.from = format::kubernetes;
    p.file = out.path;
    p.workload = workload_id;
    p.replicas = replicas;
    p.command_at = at(c);
    p.image = scalar_of(member(c, "image")).value_or("");
    p.workdir = scalar_of(member(c, "workingDir")).value_or("");
    std::vector<std::string> unknown;
    environment(member(c, "env"), p, unknown);
    if (const YAML::Node from = member(c, "envFrom"); from.IsSequence()) {
      for (const auto& f : from) {
        for (const char* ref : {"configMapRef", "secretRef"}) {
          if (auto n = scalar_of(member(member(f, ref), "name")))
            p.env_files.emplace_back(fmt::format("{}:{}", ref, *n), at(f));
        }
      }
    }
    // "command: Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT
    // is used if this is not provided. Variable references $(VAR_NAME) are expanded using the
    // container's environment." args likewise replace the image's CMD (Kubernetes API reference,
    // Container v1).
    std::vector<expanded> words;
    std::size_t size = 0;
    for (const char* key : {"command", "args"}) {
      const YAML::Node list = member(c, key);
      if (!list.IsSequence()) continue;
      if (words.empty()) p.command_at = at(list);
      for (const auto& w : list) {
        words.push_back(expand_kubernetes(scalar_of(w).value_or(""), p.env, unknown));
        size += words.back().shell.size() + 1;
        if (words.back().too_long || size > max_value_bytes) {
          report_value_too_long(out, at(list), fmt::format("the command of {}", name));
          return;
        }
        if (budget.spent()) return;
      }
    }
    p.command = join_exec_form(words);
    if (budget.take_process(p)) out.processes.push_back(std::move(p));
  }

  void workload(const std::string& kind, const YAML::Node& doc) {
    const std::string name = scalar_of(member(member(doc, "metadata"), "name")).value_or(kind);
    const std::string id = kind + "/" + name;
    const YAML::Node spec = member(doc, "spec");
    YAML::Node pod;
    launch_count replicas;
    if (kind == "Pod") {
      pod = spec;
      replicas = count(YAML::Node(), 1, name, "replicas");
    } else if (kind == "CronJob") {
      const YAML::Node job = member(member(spec, "jobTemplate"), "spec");
      pod = member(member(job, "template"), "spec");
      replicas = count(member(job, "parallelism"), 1, name, "parallelism");
    } else if (kind == "Job") {
      pod = member(member(spec, "template"), "spec");
      replicas = count(member(spec, "parallelism"), 1, name, "parallelism");
    } else if (kind == "DaemonSet") {
      pod = member(member(spec, "template"), "spec");
      replicas.where = at(doc);
      replicas.text = "one per node";
      replicas.reason = "a DaemonSet runs one pod per node, and the node count is unknown";
      auto f = make_finding(
          "CP002",
          fmt::format("DaemonSet {} runs one pod per node; connplan does not know how many nodes",
                      name),
          at(doc), fmt::format("k8s.{}.replicas", id));
      f.notes.push_back(
          fmt::format("declare the node count as replicas of a [[service]] named {}", name));
      out.findings.push_back(std::move(f));
    } else {  // Deployment, StatefulSet, ReplicaSet: `replicas` defaults to 1
      pod = member(member(spec, "template"), "spec");
      replicas = count(member(spec, "replicas"), 1, name, "replicas");
    }
    const YAML::Node containers = member(pod, "containers");
    if (!containers.IsSequence()) return;
    // Init containers run to completion before the pod's containers start: they never hold a
    // connection while the application does (docs/launch-files.md), so they are not read.
    std::size_t starting = 0;
    for (const auto& c : containers) {
      if (member(c, "command").IsDefined() || member(c, "args").IsDefined()) ++starting;
    }
    const std::size_t first = out.processes.size();
    for (const auto& c : containers) {
      if (budget.spent()) return;
      const std::string cname = scalar_of(member(c, "name")).value_or("container");
      const bool starts = member(c, "command").IsDefined() || member(c, "args").IsDefined();
      const bool alone = containers.size() == 1 || (starts && starting == 1);
      container(c, alone ? name : name + "/" + cname, id, replicas);
    }
    if (kind == "Deployment") {
      // "maxSurge: … Absolute number is calculated from percentage by rounding up. Defaults to
      // 25%." A Recreate strategy stops every old pod first: no surge (apps/v1 DeploymentStrategy).
      const YAML::Node strategy = member(spec, "strategy");
      launch_count surge;
      surge.text = "25%";
      if (scalar_of(member(strategy, "type")).value_or("") == "Recreate") {
        surge.text = "0";
        surge.where = at(member(strategy, "type"));
      } else if (const YAML::Node s = member(member(strategy, "rollingUpdate"), "maxSurge");
                 s.IsDefined() && !s.IsNull()) {
        surge.text = scalar_of(s).value_or("");
        surge.where = at(s);
      }
      for (std::size_t i = first; i < out.processes.size(); ++i) surges.emplace_back(i, surge);
    }
  }

  void autoscaler_of(const YAML::Node& doc) {
    const YAML::Node spec = member(doc, "spec");
    const YAML::Node ref = member(spec, "scaleTargetRef");
    autoscaler a;
    a.target = scalar_of(member(ref, "kind")).value_or("") + "/" +
               scalar_of(member(ref, "name")).value_or("");
    a.max_replicas = count(member(spec, "maxReplicas"), 1, a.target, "maxReplicas");
    // finish() matches every autoscaler against every process: charged like a process.
    if (budget.take(4096, at(doc))) out.autoscalers.push_back(std::move(a));
  }

  void document(const YAML::Node& doc, int depth) {
    if (!doc.IsMap() || depth > 4 || budget.spent()) return;
    const std::string kind = scalar_of(member(doc, "kind")).value_or("");
    if (kind == "List" || kind.ends_with("List")) {
      if (const YAML::Node items = member(doc, "items"); items.IsSequence()) {
        for (const auto& item : items) document(item, depth + 1);
      }
    } else if (kind == "HorizontalPodAutoscaler") {
      autoscaler_of(doc);
    } else if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
               kind == "ReplicaSet" || kind == "Job" || kind == "CronJob" || kind == "Pod") {
      workload(kind, doc);
    }
  }

  void finish() {
    for (const auto& a : out.autoscalers) apply_autoscaler(out.processes, a);
    for (auto& [i, s] : surges)
      out.processes[i].surge = surge_in_pods(s, out.processes[i].replicas);
  }
};

}  // namespace

void apply_autoscaler(std::vector<launched_process>& processes, const autoscaler& a) {
  for (auto& p : processes) {
    if (p.workload != a.target) continue;
    p.replicas = a.max_replicas;
    if (p.surge && p.surge->text.ends_with('%')) p.surge = surge_in_pods(*p.surge, p.replicas);
  }
}

launch_count surge_in_pods(launch_count surge, const std::optional<launch_count>& replicas) {
  if (!surge.text.ends_with('%')) {
    try {
      std::size_t used = 0;
      const long long v = std::stoll(surge.text, &used, 10);
      if (used == surge.text.size() && v >= 0) {
        surge.value = v;
        return surge;
      }
    } catch (...) {
    }
    surge.value.reset();
    surge.reason = fmt::format("maxSurge \"{}\" is neither a number nor a percentage", surge.text);
    return surge;
  }
  long long pct = 0;
  try {
    pct = std::stoll(surge.text.substr(0, surge.text.size() - 1));
  } catch (...) {
    surge.reason = fmt::format("maxSurge \"{}\" is not a percentage", surge.text);
    return surge;
  }
  if (!replicas || !replicas->value) {
    surge.value.reset();
    surge.reason = "maxSurge is a percentage of replicas, which are unknown";
    return surge;
  }
  // Rounded up (k8s.io/kubernetes pkg/controller/deployment/util ResolveFenceposts:
  // intstr.GetScaledValueFromIntOrPercent(maxSurge, replicas, true)).
  surge.value = (*replicas->value * pct + 99) / 100;
  return surge;
}

launch_file read_kubernetes(std::string_view text, std::string display_path,
                            const read_options& /*options*/) {
  launch_file out;
  out.path = std::move(display_path);
  out.from = format::kubernetes;
  output_budget budget(out);
  k8s_reader r{out, budget, {}};
  if (const auto refusal = refuse_yaml(text)) {
    report_refusal(*refusal, "kubectl", out);
    return out;
  }
  try {
    for (const auto& doc : YAML::LoadAll(std::string(text))) r.document(doc, 0);
    r.finish();
  } catch (const YAML::Exception& e) {
    report_syntax_error(e, out);
  }
  return out;
}

}  // namespace connplan::launchfiles::detail
