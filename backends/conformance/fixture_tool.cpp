#include "fixture_tool.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcpgw::backends::conformance {

json no_arguments_schema() {
    return {{"type", "object"}, {"properties", json::object()}};
}

std::shared_ptr<const tool>
make_fixture_tool(std::string name, std::string description, json input_schema, tool_body body) {
    json definition = {
        {"name", std::move(name)},
        {"description", std::move(description)},
        {"inputSchema", std::move(input_schema)},
    };
    return std::make_shared<fixture_tool>(std::move(definition), body);
}

boost::asio::awaitable<void> pause(std::chrono::milliseconds delay) {
    auto executor = co_await boost::asio::this_coro::executor;
    boost::asio::steady_timer timer(executor, delay);
    co_await timer.async_wait(boost::asio::use_awaitable);
}

}  // namespace mcpgw::backends::conformance
