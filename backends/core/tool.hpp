#pragma once
// A tool: what tools/list shows and what tools/call runs. Backends contribute tools; a
// config-declared statement is just another tool bound to a named source.

#include "call_context.hpp"

#include <boost/asio/awaitable.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

namespace mcpgw::backends {

class tool {
public:
    virtual ~tool() = default;
    tool() = default;
    tool(const tool&) = delete;
    tool& operator=(const tool&) = delete;
    tool(tool&&) = delete;
    tool& operator=(tool&&) = delete;

    /// The MCP Tool object: name, title?, description, inputSchema, outputSchema?, annotations?.
    /// Fixed for the tool's lifetime (the registry keeps it in an immutable snapshot).
    virtual const json& definition() const = 0;

    /// Time budget for this call (per source configurable); the server turns it into the
    /// call's deadline. `arguments` are already validated against inputSchema.
    virtual std::chrono::milliseconds timeout(const json& arguments) const {
        (void)arguments;
        return std::chrono::seconds(30);
    }

    /// Runs the call. Returns an MCP CallToolResult object. Expected failures (bad argument
    /// values, refusals, backend errors) are results with isError (see tool_result.hpp), not
    /// exceptions. Cancellation arrives as Asio cancellation (operation_aborted).
    virtual boost::asio::awaitable<json> invoke(call_context& ctx, json arguments) const = 0;

    const std::string& name() const {
        return definition().at("name").get_ref<const std::string&>();
    }
};

}  // namespace mcpgw::backends
