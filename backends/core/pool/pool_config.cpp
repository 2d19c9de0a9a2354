#include "pool_config.hpp"

#include <stdexcept>

namespace mcpgw::backends::pool {
namespace {

ms positive_duration(const config_node& node, std::string_view key, ms fallback) {
    auto value = node.optional_duration(key, fallback);
    if (value.count() <= 0) {
        node.child(key).fail("must be positive");
    }
    return value;
}

ms non_negative_duration(const config_node& node, std::string_view key, ms fallback) {
    auto value = node.optional_duration(key, fallback);
    if (value.count() < 0) {
        node.child(key).fail("must not be negative (0 switches it off)");
    }
    return value;
}

}  // namespace

pool_options parse_pool_options(const std::optional<config_node>& node, pool_options defaults) {
    if (!node) {
        return defaults;
    }
    node->check_keys(
        {"min",
         "max",
         "max_waiters",
         "acquire_timeout",
         "connect_timeout",
         "ping_interval",
         "idle_timeout",
         "max_lifetime"}
    );
    pool_options o = defaults;
    o.max_size = static_cast<std::size_t>(
        node->optional_int("max", static_cast<std::int64_t>(defaults.max_size), 1, 10'000)
    );
    o.min_size = static_cast<std::size_t>(
        node->optional_int("min", static_cast<std::int64_t>(defaults.min_size), 0, 10'000)
    );
    if (o.min_size > o.max_size) {
        node->child("min").fail(
            "must not be greater than max (" + std::to_string(o.max_size) + ")"
        );
    }
    o.max_waiters = static_cast<std::size_t>(node->optional_int(
        "max_waiters",
        static_cast<std::int64_t>(defaults.max_waiters),
        0,
        1'000'000
    ));
    o.acquire_timeout = non_negative_duration(*node, "acquire_timeout", defaults.acquire_timeout);
    o.connect_timeout = positive_duration(*node, "connect_timeout", defaults.connect_timeout);
    o.ping_interval = non_negative_duration(*node, "ping_interval", defaults.ping_interval);
    o.idle_timeout = non_negative_duration(*node, "idle_timeout", defaults.idle_timeout);
    o.max_lifetime = non_negative_duration(*node, "max_lifetime", defaults.max_lifetime);
    try {
        validate(o);
    } catch (const std::invalid_argument& e) {
        node->fail(e.what());
    }
    return o;
}

}  // namespace mcpgw::backends::pool
