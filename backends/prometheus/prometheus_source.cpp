#include "prometheus_source.hpp"

#include <backends/core/log.hpp>
#include <backends/core/tool_result.hpp>

#include <boost/asio/co_spawn.hpp>

#include <algorithm>
#include <cmath>

namespace mcpgw::backends::prometheus {
namespace {

namespace asio = boost::asio;
using json = nlohmann::json;
using clock = std::chrono::steady_clock;

http::client_options client_options_of(const prometheus_settings& s, metrics_registry* metrics) {
    http::client_options o;
    o.ca_file = s.ca_file;
    o.insecure_skip_verify = s.insecure_skip_verify;
    o.connect_timeout = std::min<std::chrono::milliseconds>(s.timeout, std::chrono::seconds(5));
    o.default_headers = s.headers;
    o.metrics = metrics;
    o.metrics_server = s.name;
    return o;
}

// Prometheus stops evaluating a query after its `timeout` parameter: send what is left of
// the budget, so a slow query ends on the server too and not only here.
std::string remaining_seconds(clock::time_point deadline) {
    auto left = std::chrono::duration<double>(deadline - clock::now()).count();
    left = std::max(0.001, left);
    auto ms = static_cast<long long>(std::floor(left * 1000));
    return std::to_string(std::max(1LL, ms)) + "ms";
}

constexpr auto deadline_margin = std::chrono::milliseconds(50);

bool is_query_endpoint(const std::string& path) {
    return path == "/api/v1/query" || path == "/api/v1/query_range";
}

// The start-up probe: marks the source down early when Prometheus is unreachable.
asio::awaitable<void> probe_ready(
    std::shared_ptr<http::http_client> client,
    std::shared_ptr<health_record> health,
    std::string url,
    std::string server,
    std::chrono::milliseconds timeout
) {
    http::http_request req;
    req.url = std::move(url);
    req.deadline =
        clock::now() + std::min<std::chrono::milliseconds>(timeout, std::chrono::seconds(5));
    req.max_body_bytes = 4096;
    auto result = co_await client->request(std::move(req));
    std::lock_guard lock(health->mutex);
    if (health->checked) {
        co_return;  // a call already said more
    }
    health->checked = true;
    if (!result.ok()) {
        health->health.state = result.error->code == http::http_errc::timeout
                                   ? health_state::degraded
                                   : health_state::down;
        health->health.last_error =
            result.error->code == http::http_errc::timeout
                ? "Prometheus server '" + server +
                      "' did not answer /-/ready in time: " + result.error->message
                : "Prometheus server '" + server + "' is unavailable: " + result.error->message;
    } else if (result.response->status != 200) {
        health->health.state = health_state::degraded;
        health->health.last_error = "Prometheus server '" + server +
                                    "' answered /-/ready with HTTP " +
                                    std::to_string(result.response->status);
    }
}

}  // namespace

void health_record::record(const api_answer& answer) {
    std::lock_guard lock(mutex);
    checked = true;
    ++calls;
    if (answer.server_reached) {
        health = {};
        return;
    }
    std::string code;
    std::string message;
    if (const json* e = error_of(answer.error)) {
        code = e->value("code", "");
        message = e->value("message", "");
    }
    if (code == "cancelled") {
        return;  // says nothing about the server
    }
    ++failures;
    health.state = code == "timeout" ? health_state::degraded : health_state::down;
    health.last_error = message;
}

prometheus_source::prometheus_source(prometheus_settings s, const backend_runtime& runtime)
    : settings_(std::move(s)),
      executor_(runtime.executor),
      client_(std::make_shared<http::http_client>(
          runtime.executor,
          client_options_of(settings_, runtime.metrics)
      )),
      health_(std::make_shared<health_record>()) {}

source_health prometheus_source::health() const {
    std::lock_guard lock(health_->mutex);
    return health_->health;
}

json prometheus_source::stats() const {
    std::lock_guard lock(health_->mutex);
    const auto& c = client_->stats();
    return {
        {"checked", health_->checked},
        {"calls", health_->calls},
        {"failed_calls", health_->failures},
        {"http",
         {{"connections_opened", c.opened},
          {"connections_reused", c.reused},
          {"errors", c.errors}}},
    };
}

void prometheus_source::start() {
    asio::co_spawn(
        executor_,
        probe_ready(
            client_,
            health_,
            settings_.url + "/-/ready",
            settings_.name,
            settings_.timeout
        ),
        log::log_exception{"prometheus readiness probe failed"}
    );
}

asio::awaitable<api_answer>
prometheus_source::get(call_context& ctx, std::string path, query_params params, parse_caps caps) {
    // A little before the call's own deadline, so this source's timeout (which marks it
    // degraded and says which server was slow) wins over the server's generic cancellation.
    auto call_end = ctx.deadline();
    if (call_end - clock::now() > 2 * deadline_margin) {
        call_end -= deadline_margin;
    }
    auto deadline = std::min(call_end, clock::now() + settings_.timeout);
    co_return co_await get_until(deadline, std::move(path), std::move(params), std::move(caps));
}

asio::awaitable<api_answer> prometheus_source::get_until(
    clock::time_point deadline,
    std::string path,
    query_params params,
    parse_caps caps
) {
    if (is_query_endpoint(path)) {
        params.emplace_back("timeout", remaining_seconds(deadline));
    }
    http::http_request req;
    req.url = settings_.url + path;
    if (!params.empty()) {
        req.url += "?" + encode_query(params);
    }
    req.headers.emplace_back("Accept", "application/json");
    req.deadline = deadline;
    req.max_body_bytes = settings_.max_response_bytes;
    auto started = clock::now();
    auto client = client_;  // keeps the client alive across the wait
    auto result = co_await client->request(std::move(req));
    auto answer = interpret_answer(result, caps, settings_.name, settings_.max_response_bytes);
    answer.elapsed_ms = std::chrono::duration<double, std::milli>(clock::now() - started).count();
    health_->record(answer);
    co_return answer;
}

}  // namespace mcpgw::backends::prometheus
