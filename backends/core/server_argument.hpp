#pragma once
// The `server` argument every server-bound tool shares: which configured sources of one type
// the tool can reach, the JSON Schema of the argument, and its resolution at call time.
// Also the annotations rule: a tool is read-only only when every reachable server is.

#include "source.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace mcpgw::backends {

using json = nlohmann::json;

class server_argument {
public:
    /// `sources` must not be empty (a backend with no servers contributes no tools).
    explicit server_argument(std::vector<std::shared_ptr<source>> sources);

    /// {type: string, enum: [names], description: "...: a (read_only), b (read_write)"};
    /// with exactly one server it also carries "default".
    json schema() const;

    /// Optional when exactly one server is configured (it is then the default).
    bool required() const { return sources_.size() != 1; }

    /// Adds "server" to an object inputSchema's properties (and to "required" when required).
    void add_to(json& input_schema) const;

    /// MCP ToolAnnotations for a tool that may write through these servers:
    /// readOnlyHint only when all are read_only, destructiveHint when any is read_write.
    json annotations() const;

    /// The source named by arguments["server"] (or the only one), or an invalid_argument
    /// error result naming field "server".
    std::variant<std::shared_ptr<source>, json> resolve(const json& arguments) const;

    const std::vector<std::shared_ptr<source>>& sources() const { return sources_; }

private:
    std::vector<std::shared_ptr<source>> sources_;
};

}  // namespace mcpgw::backends
