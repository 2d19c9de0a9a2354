#pragma once
// Reading configuration files: YAML parsing with located syntax errors, and the walk over
// `include:` that gathers `servers:` and `tools:` entries from every file.

#include <backends/core/config_node.hpp>

#include <string>
#include <vector>

namespace mcpgw::server::config_files {

/// Nesting limit of `include:` (the main file is depth 0).
inline constexpr int max_include_depth = 8;

/// Parses YAML (or JSON) text; a syntax error becomes "<origin>:<line>: YAML syntax error: ...".
backends::config_node parse(const std::string& text, const std::string& origin);

/// Reads a whole file; throws config_error("<path>: cannot read ...") when it cannot.
std::string read_file(const std::string& path);

struct entries {
    std::vector<backends::config_node> servers;
    std::vector<backends::config_node> tools;
};

/// Appends `root`'s `servers:` and `tools:` entries, then those of its includes (in order,
/// depth first). `identity` is the canonical name of root's file, for cycle detection;
/// relative include paths resolve against `base_dir`.
void collect(
    const backends::config_node& root,
    const std::string& identity,
    const std::string& base_dir,
    entries& out
);

}  // namespace mcpgw::server::config_files
