#include "redis_source.hpp"

#include <backends/core/log.hpp>
#include <backends/core/pool/failure_result.hpp>
#include <backends/core/tool_result.hpp>

#include <boost/asio/this_coro.hpp>

#include <algorithm>

namespace mcpgw::backends::redis {
namespace {

namespace asio = boost::asio;
using json = nlohmann::json;

json error_for(const verdict& v) {
    auto code =
        v.result == verdict::outcome::refused ? error_code::refused : error_code::invalid_argument;
    return error_result(code, v.message, v.field);
}

json refusal_result(const call_refusal& r) {
    return error_result(r.code, r.message, std::string("args"));
}

json reply_result(const redis_value& value, const reply_limits& limits, double elapsed_ms) {
    auto converted = to_json(value, limits);
    auto type = std::string(type_name(value.type));
    std::string text = render_text(converted.value, type);
    if (converted.truncated) {
        text += "\n(truncated: " + converted.truncated_reason + ")";
    }
    json structured = {
        {"reply", std::move(converted.value)},
        {"type", type},
        {"truncated", converted.truncated},
        {"elapsed_ms", elapsed_ms},
    };
    if (converted.truncated) {
        structured["truncated_reason"] = converted.truncated_reason;
    }
    return structured_result(std::move(structured), std::move(text));
}

// Leases whose link died while idle (server restart) are dropped without a round trip.
constexpr int max_stale_leases = 3;

}  // namespace

redis_source::redis_source(redis_settings s, const backend_runtime& runtime)
    : settings_(std::move(s)),
      tables_(std::make_shared<table_holder>()),
      connector_(std::make_shared<redis_connector>(runtime.executor, settings_, tables_)),
      pool_(std::make_unique<pool::pool<redis_connection>>(
          runtime.executor,
          settings_.pool,
          connector_
      )) {}

source_health redis_source::health() const {
    auto counts = pool_->counts();
    source_health h;
    if (!counts.last_error.empty()) {
        h.state = counts.idle + counts.in_use > 0 ? health_state::degraded : health_state::down;
        h.last_error = counts.last_error;
    }
    return h;
}

json redis_source::stats() const {
    json out = {{"pool", pool_->stats()}};
    auto table = tables_->get();
    out["command_table"] = table->origin();
    return out;
}

void redis_source::start() {
    if (settings_.access() == access_mode::read_only && settings_.username.empty()) {
        // The default user usually may run everything: read_only then rests on the gateway
        // alone. docs/redis.md shows an ACL user per access mode.
        log::warn(
            "read_only Redis server connects as the default user; use an ACL user limited to "
            "reads (docs/redis.md)",
            {{"server", settings_.name}}
        );
    }
    pool_->start();
}

void redis_source::stop() {
    pool_->stop();
}

verdict redis_source::check(const std::string& command, const std::vector<std::string>& args)
    const {
    auto table = tables_->get();
    return check_command(*table, settings_.policy, command, args);
}

bound_limits redis_source::limits() const {
    bound_limits l;
    l.max_count = settings_.max_count;
    l.max_items = settings_.limits.max_items;
    l.max_lcs_cells = settings_.max_lcs_cells;
    l.max_reply_bytes = settings_.max_reply_bytes;
    l.read_only = settings_.access() == access_mode::read_only;
    return l;
}

json redis_source::failure(command_outcome::status status, const std::string& error) const {
    switch (status) {
        case command_outcome::status::reply:
            break;
        case command_outcome::status::timeout:
            return error_result(
                error_code::timeout,
                "the command did not finish within the call's time budget (" +
                    std::to_string(settings_.timeout.count()) + " ms); its connection was closed",
                std::nullopt,
                true
            );
        case command_outcome::status::cancelled:
            return error_result(error_code::cancelled, "the call was cancelled");
        case command_outcome::status::too_large:
            return error_result(
                error_code::refused,
                "the reply is larger than max_reply_bytes (" +
                    std::to_string(settings_.max_reply_bytes) +
                    " bytes on the wire) and was not read; ask for less (a smaller range, "
                    "SCAN with COUNT, HSCAN/SSCAN/ZSCAN instead of HGETALL/SMEMBERS/ZRANGE)"
            );
        case command_outcome::status::link_error:
            break;
    }
    return error_result(
        error_code::unavailable,
        "lost the connection to Redis server '" + settings_.name +
            "': " + connector_->sanitise(error),
        std::nullopt,
        true
    );
}

asio::awaitable<json>
redis_source::run(call_context& ctx, std::string command, std::vector<std::string> args) {
    auto deadline = std::min(ctx.deadline(), std::chrono::steady_clock::now() + settings_.timeout);
    auto v = check(command, args);
    if (!v.allowed()) {
        co_return error_for(v);
    }
    auto plan = plan_bounds(limits(), v.name, args);
    if (plan.refused) {
        co_return refusal_result(*plan.refused);
    }
    for (int attempt = 0;; ++attempt) {
        auto lease = co_await pool_->acquire(deadline);
        if (!lease.ok()) {
            co_return pool::failure_result(*lease.error, "Redis server '" + settings_.name + "'");
        }
        auto& conn = *lease.conn;
        if (!conn.link->usable()) {
            lease.conn.discard();  // closed while idle; nothing was sent on it
            if (attempt < max_stale_leases) {
                continue;
            }
            co_return error_result(
                error_code::unavailable,
                "Redis server '" + settings_.name + "' closed its connections",
                std::nullopt,
                true
            );
        }
        auto link = conn.link;  // keeps the link alive across the waits
        if (!plan.probes.empty()) {
            // The size check runs on the call's own connection, right before the command: one
            // extra round trip, only for the commands bounds.hpp names.
            link->limit_next_reply(settings_.max_reply_bytes);
            auto sizes = co_await link->pipeline(std::move(plan.probes), deadline);
            if (sizes.result != command_outcome::status::reply) {
                lease.conn.discard();
                co_return failure(sizes.result, sizes.error);
            }
            if (auto refusal = plan.judge(sizes.values)) {
                refusal->message = connector_->sanitise(std::move(refusal->message));
                co_return refusal_result(*refusal);
            }
        }
        conn.dirty = conn.dirty || v.by_name;
        std::vector<std::string> argv;
        argv.reserve(args.size() + 1);
        argv.push_back(command);
        for (auto& a : args) {
            argv.push_back(std::move(a));
        }
        auto started = std::chrono::steady_clock::now();
        link->limit_next_reply(settings_.max_reply_bytes);
        auto outcome = co_await link->command(std::move(argv), deadline);
        double elapsed =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count();
        if (outcome.result != command_outcome::status::reply) {
            lease.conn.discard();
            co_return failure(outcome.result, outcome.error);
        }
        if (outcome.value.type == redis_value::kind::error) {
            co_return error_result(
                error_code::backend_error,
                connector_->sanitise(outcome.value.text)
            );
        }
        co_return reply_result(outcome.value, settings_.limits, elapsed);
    }
}

const json& reply_output_schema() {
    static const json schema = {
        {"type", "object"},
        {"properties",
         {{"reply",
           {{"description",
             "The reply in JSON: strings, integers (beyond 2^53 as decimal strings), arrays, "
             "null; bytes that are not UTF-8 as {\"base64\": ...}; errors nested in arrays "
             "as {\"error\": ...}"}}},
          {"type",
           {{"type", "string"},
            {"enum", {"string", "status", "integer", "null", "array"}},
            {"description", "The RESP type of the top-level reply"}}},
          {"truncated", {{"type", "boolean"}}},
          {"truncated_reason", {{"type", "string"}, {"enum", {"max_items", "max_result_bytes"}}}},
          {"elapsed_ms", {{"type", "number"}}}}},
        {"required", {"reply", "type", "truncated", "elapsed_ms"}},
    };
    return schema;
}

}  // namespace mcpgw::backends::redis
