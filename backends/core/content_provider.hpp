#pragma once
// Resources and prompts a backend contributes (schemas as resources, fixture prompts...).

#include <boost/asio/awaitable.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace mcpgw::backends {

using json = nlohmann::json;

/// A failure the server maps to a JSON-RPC error: not_found -> -32002 (resources) or
/// -32602 (prompts), invalid -> -32602, failed (the upstream could not answer) -> -32603
/// with data {code, retryable} from tool_result.hpp's codes.
struct lookup_error {
    enum class kind { not_found, invalid, failed };

    lookup_error() = default;
    lookup_error(kind k, std::string m, std::string c = {}, bool r = false)
        : what(k), message(std::move(m)), code(std::move(c)), retryable(r) {}

    kind what = kind::not_found;
    std::string message;
    std::string code;        // failed only: "unavailable", "backend_error", "timeout"...
    bool retryable = false;  // failed only
};

template <typename T>
using lookup_result = std::variant<T, lookup_error>;

class resource_provider {
public:
    virtual ~resource_provider() = default;
    resource_provider() = default;
    resource_provider(const resource_provider&) = delete;
    resource_provider& operator=(const resource_provider&) = delete;
    resource_provider(resource_provider&&) = delete;
    resource_provider& operator=(resource_provider&&) = delete;

    /// MCP Resource objects {uri, name, title?, description?, mimeType?}.
    virtual std::vector<json> resources() const = 0;
    /// MCP ResourceTemplate objects {uriTemplate, name, ...}.
    virtual std::vector<json> resource_templates() const { return {}; }
    /// True when this provider serves `uri` (a listed resource or a template match).
    virtual bool owns(const std::string& uri) const = 0;
    /// ReadResourceResult {contents: [...]} for an owned uri.
    virtual boost::asio::awaitable<lookup_result<json>> read(std::string uri) const = 0;
    /// completion/complete for a template argument: candidate values (<= 100).
    virtual std::vector<std::string> complete(
        const std::string& uri_template,
        const std::string& argument,
        const std::string& prefix
    ) const {
        (void)uri_template, (void)argument, (void)prefix;
        return {};
    }
};

class prompt {
public:
    virtual ~prompt() = default;
    prompt() = default;
    prompt(const prompt&) = delete;
    prompt& operator=(const prompt&) = delete;
    prompt(prompt&&) = delete;
    prompt& operator=(prompt&&) = delete;

    /// MCP Prompt object {name, title?, description?, arguments?: [{name, description?,
    /// required?}]}.
    virtual const json& definition() const = 0;
    /// GetPromptResult {description?, messages: [...]}; arguments is an object of strings.
    virtual boost::asio::awaitable<lookup_result<json>> get(json arguments) const = 0;
    /// completion/complete for one of this prompt's arguments (<= 100 values).
    virtual std::vector<std::string>
    complete(const std::string& argument, const std::string& prefix) const {
        (void)argument, (void)prefix;
        return {};
    }

    const std::string& name() const {
        return definition().at("name").get_ref<const std::string&>();
    }
};

}  // namespace mcpgw::backends
