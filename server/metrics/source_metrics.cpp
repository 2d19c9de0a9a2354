#include "source_metrics.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

namespace mcpgw::server {

namespace {

using nlohmann::json;

std::optional<double> number_at(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_number()) {
        return std::nullopt;
    }
    return it->get<double>();
}

/// The shared pool's to_json(): {size, in_use, idle, waiters, opening, total_connects, ...}.
std::optional<pool_view> read_shared_pool(const json& j) {
    auto size = number_at(j, "size");
    auto in_use = number_at(j, "in_use");
    auto idle = number_at(j, "idle");
    if (!size || !in_use || !idle) {
        return std::nullopt;
    }
    pool_view v;
    v.in_use = *in_use;
    v.idle = *idle;
    v.opening = number_at(j, "opening").value_or(0);
    v.checking = std::max(0.0, *size - v.in_use - v.idle - v.opening);
    v.waiters = number_at(j, "waiters").value_or(0);
    v.max = number_at(j, "max_size");
    v.connects = number_at(j, "total_connects");
    v.connect_failures = number_at(j, "failed_connects");
    return v;
}

/// SQLite's stats: {connections_open, connections_in_use, connections_max, waiters}.
std::optional<pool_view> read_sqlite_pool(const json& j) {
    auto open = number_at(j, "connections_open");
    auto in_use = number_at(j, "connections_in_use");
    if (!open || !in_use) {
        return std::nullopt;
    }
    pool_view v;
    v.in_use = *in_use;
    v.idle = std::max(0.0, *open - *in_use);
    v.has_lifecycle = false;
    v.waiters = number_at(j, "waiters").value_or(0);
    v.max = number_at(j, "connections_max");
    return v;
}

}  // namespace

std::optional<pool_view> read_pool_stats(const json& stats) {
    if (!stats.is_object()) {
        return std::nullopt;
    }
    if (const auto nested = stats.find("pool"); nested != stats.end() && nested->is_object()) {
        return read_shared_pool(*nested);
    }
    if (auto v = read_shared_pool(stats)) {
        return v;
    }
    return read_sqlite_pool(stats);
}

void collect_source_metrics(const backends::catalog& catalog, backends::sample_writer& w) {
    struct row {
        std::string name;
        std::string type;
        backends::health_state state;
        std::optional<pool_view> pool;
    };
    std::vector<row> rows;
    rows.reserve(catalog.sources().size());
    for (const auto& s : catalog.sources()) {
        rows.push_back(
            {s->name(), std::string(s->type()), s->health().state, read_pool_stats(s->stats())}
        );
    }
    const auto ids = [](const row& r) {
        return backends::labels{{"server", r.name}, {"type", r.type}};
    };

    w.family("mcpgw_source_up", "1 unless the source is down (ok or degraded).", "gauge");
    for (const auto& r : rows) {
        w.sample(ids(r), r.state == backends::health_state::down ? 0 : 1);
    }
    w.family(
        "mcpgw_source_health",
        "Source state: 1 for the current one of ok, degraded, down.",
        "gauge"
    );
    constexpr std::array states{
        backends::health_state::ok,
        backends::health_state::degraded,
        backends::health_state::down};
    for (const auto& r : rows) {
        for (auto st : states) {
            auto l = ids(r);
            l.emplace_back("state", std::string(backends::to_string(st)));
            w.sample(l, r.state == st ? 1 : 0);
        }
    }

    w.family(
        "mcpgw_pool_connections",
        "Pooled connections by state: in_use, idle, opening, checking (ping or reset).",
        "gauge"
    );
    for (const auto& r : rows) {
        if (!r.pool) {
            continue;
        }
        const std::array<std::pair<const char*, double>, 4> by_state{{
            {"in_use", r.pool->in_use},
            {"idle", r.pool->idle},
            {"opening", r.pool->opening},
            {"checking", r.pool->checking},
        }};
        const std::size_t known = r.pool->has_lifecycle ? by_state.size() : 2;
        for (std::size_t i = 0; i < known; ++i) {
            const auto& [state, value] = by_state[i];
            auto l = ids(r);
            l.emplace_back("state", state);
            w.sample(l, value);
        }
    }
    w.family("mcpgw_pool_waiters", "Callers queued for a pooled connection.", "gauge");
    for (const auto& r : rows) {
        if (r.pool) {
            w.sample(ids(r), r.pool->waiters);
        }
    }
    w.family("mcpgw_pool_max", "The pool's bound on open connections.", "gauge");
    for (const auto& r : rows) {
        if (r.pool && r.pool->max) {
            w.sample(ids(r), *r.pool->max);
        }
    }
    w.family("mcpgw_pool_connects_total", "Pool connections opened.", "counter");
    for (const auto& r : rows) {
        if (r.pool && r.pool->connects) {
            w.sample(ids(r), *r.pool->connects);
        }
    }
    w.family(
        "mcpgw_pool_connect_failures_total",
        "Pool connection attempts that failed.",
        "counter"
    );
    for (const auto& r : rows) {
        if (r.pool && r.pool->connect_failures) {
            w.sample(ids(r), *r.pool->connect_failures);
        }
    }
}

}  // namespace mcpgw::server
