#pragma once
// One tool class for every fixture: a fixed definition plus a coroutine function. Plain
// function pointers, not lambdas, because capturing-lambda coroutines miscompile on GCC 12.

#include <backends/core/tool.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace mcpgw::backends::conformance {

using tool_body = boost::asio::awaitable<json> (*)(call_context& ctx, json arguments);

class fixture_tool final : public tool {
public:
    fixture_tool(json definition, tool_body body)
        : definition_(std::move(definition)), body_(body) {}

    const json& definition() const override { return definition_; }
    boost::asio::awaitable<json> invoke(call_context& ctx, json arguments) const override {
        return body_(ctx, std::move(arguments));
    }

private:
    json definition_;
    tool_body body_;
};

/// {"type":"object","properties":{}}: what a no-argument tool declares.
json no_arguments_schema();

std::shared_ptr<const tool>
make_fixture_tool(std::string name, std::string description, json input_schema, tool_body body);

/// Waits on a steady_timer of the current executor (the suite expects gaps between events).
boost::asio::awaitable<void> pause(std::chrono::milliseconds delay);

}  // namespace mcpgw::backends::conformance
