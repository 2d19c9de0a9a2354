#pragma once
// The immutable snapshot of everything the gateway serves: tools (sorted by name, each with
// its compiled input validator), sources, resources and prompts. Built once at start-up and
// shared read-only, so the hot path takes no locks.

#include "backend.hpp"

#include <protocol/json_schema.hpp>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mcpgw::backends {

struct registered_tool {
    std::shared_ptr<const tool> impl;
    protocol::schema_validator input_validator;
};

class catalog {
public:
    /// Merges contributions. Throws config_error on duplicate tool/prompt names or a tool
    /// whose inputSchema does not compile.
    static std::shared_ptr<const catalog> build(std::vector<contribution> parts);

    const std::vector<registered_tool>& tools() const { return tools_; }  // sorted by name
    const registered_tool* find_tool(std::string_view name) const;

    const std::vector<std::shared_ptr<source>>& sources() const { return sources_; }
    const source* find_source(std::string_view name) const;

    const std::vector<std::shared_ptr<const resource_provider>>& resource_providers() const {
        return resources_;
    }
    const resource_provider* find_resource_owner(const std::string& uri) const;

    const std::vector<std::shared_ptr<const prompt>>& prompts() const {
        return prompts_;
    }  // sorted
    const prompt* find_prompt(std::string_view name) const;

private:
    std::vector<registered_tool> tools_;
    std::unordered_map<std::string, std::size_t> tool_index_;
    std::vector<std::shared_ptr<source>> sources_;
    std::vector<std::shared_ptr<const resource_provider>> resources_;
    std::vector<std::shared_ptr<const prompt>> prompts_;
};

}  // namespace mcpgw::backends
