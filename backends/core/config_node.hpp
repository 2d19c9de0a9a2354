#pragma once
// A view of one YAML configuration node that knows where it came from (file, line, key path)
// so every configuration error names the key and the line. ${ENV} and ${file:/path} are
// expanded when a scalar is read, so an interpolation error names its key too.
//
// Backends read their own keys with it:
//     auto path = node.required_string("path");
//     auto rows = node.optional_uint("max_rows", 1000);
//     node.check_keys({"name", "type", "path", "access", "max_rows"});   // unknown -> error

#include "source.hpp"

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace mcpgw::backends {

/// A fatal configuration error: "config.yaml:14: servers[2].max_rows: expected an integer".
class config_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class config_node {
public:
    /// `file` is the file the node came from; `path` the key path ("servers[2]").
    config_node(YAML::Node node, std::string file, std::string path);

    const YAML::Node& yaml() const { return node_; }
    const std::string& path() const { return path_; }
    const std::string& file() const { return file_; }
    int line() const;  // 1-based, 0 when unknown

    bool is_map() const;
    bool is_sequence() const;
    bool has(std::string_view key) const;

    /// A child node; throws config_error when missing (required) or returns nullopt.
    config_node child(std::string_view key) const;
    std::optional<config_node> optional_child(std::string_view key) const;
    /// Elements of a sequence (paths "key[0]", "key[1]"...). Throws if not a sequence.
    std::vector<config_node> elements() const;

    std::string required_string(std::string_view key) const;
    std::string optional_string(std::string_view key, std::string fallback) const;
    std::int64_t optional_int(
        std::string_view key,
        std::int64_t fallback,
        std::int64_t min,
        std::int64_t max
    ) const;
    bool optional_bool(std::string_view key, bool fallback) const;
    /// "30s", "500ms", "2m", "1h" or a bare number of seconds.
    std::chrono::milliseconds
    optional_duration(std::string_view key, std::chrono::milliseconds fallback) const;
    access_mode optional_access(std::string_view key, access_mode fallback) const;
    std::vector<std::string> optional_string_list(std::string_view key) const;

    /// This node's own scalar value, interpolated.
    std::string as_string() const;

    /// Throws naming the first key that is not in `allowed`.
    void check_keys(std::initializer_list<std::string_view> allowed) const;
    void check_keys(std::span<const std::string_view> allowed) const;

    /// An error located at this node: "<file>:<line>: <path>: <message>".
    [[noreturn]] void fail(std::string_view message) const;

private:
    YAML::Node node_;
    std::string file_;
    std::string path_;
};

/// Expands ${NAME} (environment; error if unset, ${NAME:-default} allowed) and ${file:/path}
/// (file contents, trailing newline trimmed). "$${" escapes a literal "${".
/// Throws config_error (without location; config_node adds it).
std::string interpolate(std::string_view text);

}  // namespace mcpgw::backends
