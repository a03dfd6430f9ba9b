// Renders ConfigDefs as Markdown tables. The page is generated, never edited: scripts/gen-docs.sh writes
// it and a lint test fails when the checked-in copy differs from what the binary prints.
#include "app/config_reference.hpp"

#include <map>
#include <string>
#include <vector>

#include "runtime/connector_config.hpp"
#include "runtime/worker_config.hpp"

namespace connectd::app {
namespace {

// A Markdown table cell: pipes escaped, line breaks flattened.
std::string cell(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string defaultText(const ConfigKey& key) {
  if (!key.hasDefault()) {
    return "(required)";
  }
  const auto d = ConfigDef::convertToString(key.defaultValue(), key.type());
  if (!d) {
    return "null";
  }
  return d->empty() ? "\"\"" : "`" + cell(*d) + "`";
}

void printDef(std::ostream& out, const ConfigDef& def) {
  if (def.keys().empty()) {
    out << "No settings of its own.\n\n";
    return;
  }
  out << "| key | type | default | valid values | importance | description |\n";
  out << "|---|---|---|---|---|---|\n";
  for (const auto& key : def.keys()) {
    out << "| `" << key.name() << "` | " << configTypeName(key.type()) << " | " << defaultText(key) << " | "
        << (key.validator() ? cell(key.validator()->toString()) : "") << " | " << importanceName(key.importance())
        << " | " << cell(key.documentation()) << " |\n";
  }
  out << "\n";
}

}  // namespace

void printConfigReference(std::ostream& out, const PluginRegistry& registry) {
  out << "# Configuration reference\n\n"
      << "Generated from the ConfigDefs declared next to the code by `connectd --config-reference`\n"
      << "(`scripts/gen-docs.sh`); do not edit. The test command fails when this page is stale.\n\n"
      << "## Worker (`worker.properties`, or the environment: see configuration.md)\n\n";
  printDef(out, runtime::workerConfigDef());
  out << "## Every source connector (the framework's keys, beside the connector's own)\n\n";
  printDef(out, runtime::sourceConnectorConfigDef());

  // One section per class; a class that is several kinds of plugin (StringConverter is a converter and a
  // header converter) is listed once, with all its kinds.
  std::map<std::string, std::vector<PluginDesc>> by_class;
  std::vector<std::string> order;
  for (const auto& p : registry.plugins()) {
    auto& descs = by_class[p.class_name];
    if (descs.empty()) {
      order.push_back(p.class_name);
    }
    descs.push_back(p);
  }
  for (const auto& class_name : order) {
    const auto& descs = by_class[class_name];
    std::string kinds;
    for (const auto& d : descs) {
      kinds += (kinds.empty() ? "" : ", ") + std::string(pluginTypeName(d.type));
    }
    out << "## " << class_name << "\n\n" << kinds << ", version " << descs.front().version << "\n\n";
    printDef(out, *descs.front().config_def);
  }
}

}  // namespace connectd::app
