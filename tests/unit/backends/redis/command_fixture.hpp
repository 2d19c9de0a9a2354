#pragma once
// The `COMMAND` reply of a real Redis 7.0.15, recorded as JSON by record_commands.py, turned
// back into a redis_value (flags and categories come back as strings, not statuses: the
// parser takes both).

#include <backends/redis/command_table.hpp>
#include <backends/redis/reply.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace mcpgw::backends::redis::test {

inline redis_value value_of(const nlohmann::json& j) {
    if (j.is_string()) {
        return redis_value::string(j.get<std::string>());
    }
    if (j.is_number_integer()) {
        return redis_value::number(j.get<std::int64_t>());
    }
    if (j.is_array()) {
        std::vector<redis_value> e;
        for (const auto& x : j) {
            e.push_back(value_of(x));
        }
        return redis_value::array(std::move(e));
    }
    return redis_value::nil();
}

inline const redis_value& recorded_command_reply() {
    static const redis_value reply = [] {
        auto path = std::filesystem::path(__FILE__).parent_path() / "command_reply_7_0.json";
        std::ifstream in(path);
        if (!in) {
            throw std::runtime_error("missing fixture " + path.string());
        }
        return value_of(nlohmann::json::parse(in));
    }();
    return reply;
}

inline const command_table& recorded_table() {
    static const command_table t = command_table::from_reply(recorded_command_reply());
    return t;
}

}  // namespace mcpgw::backends::redis::test
