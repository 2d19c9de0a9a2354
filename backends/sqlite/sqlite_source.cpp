#include "sqlite_source.hpp"

#include <backends/core/tool_result.hpp>
#include <backends/core/worker_pool.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>

namespace mcpgw::backends::sqlite {

namespace asio = boost::asio;
using json = nlohmann::json;

sqlite_source::sqlite_source(settings s, backend_runtime runtime)
    : settings_(std::move(s)), runtime_(std::move(runtime)) {
    auto opened = connection::open(open_options());
    if (auto* conn = std::get_if<std::shared_ptr<connection>>(&opened)) {
        idle_.push_back(std::move(*conn));
        open_ = 1;
    } else {
        health_ = {health_state::down, std::get<std::string>(opened)};
    }
}

connection::options sqlite_source::open_options() const {
    return {
        settings_.path,
        settings_.access,
        settings_.busy_timeout,
        connection::value_limit_for(settings_.max_result_bytes)};
}

source_health sqlite_source::health() const {
    std::lock_guard lock(mutex_);
    return health_;
}

json sqlite_source::stats() const {
    std::lock_guard lock(mutex_);
    return {
        {"connections_open", open_},
        {"connections_in_use", in_use_},
        {"connections_max", settings_.max_connections},
        {"waiters", waiters_.size()},
        {"calls", calls_},
        {"max_rows", settings_.max_rows},
        {"max_result_bytes", settings_.max_result_bytes},
        {"timeout_ms", settings_.timeout.count()},
    };
}

void sqlite_source::stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    open_ -= idle_.size();
    idle_.clear();  // connections in use close when their call returns them
}

void sqlite_source::set_health(health_state state, std::string error) {
    std::lock_guard lock(mutex_);
    health_ = {state, std::move(error)};
}

void sqlite_source::wake_one_locked() {
    if (waiters_.empty()) {
        return;
    }
    auto w = waiters_.front();
    waiters_.pop_front();
    w->notified = true;
    // The timer belongs to the waiter's executor; cancel it there.
    asio::post(w->timer.get_executor(), [w]() {
        w->timer.cancel();
    });
}

void sqlite_source::release(std::shared_ptr<connection> conn, bool reusable) {
    std::lock_guard lock(mutex_);
    --in_use_;
    if (reusable && !stopped_) {
        idle_.push_back(std::move(conn));
    } else {
        --open_;
    }
    wake_one_locked();
}

asio::awaitable<sqlite_source::acquired> sqlite_source::open_new() {
    // Counted in open_ and in_use_ already; undone on failure.
    std::function<std::variant<std::shared_ptr<connection>, std::string>()> job =
        [opts = open_options()]() {
            return connection::open(opts);
        };
    std::variant<std::shared_ptr<connection>, std::string> opened;
    try {
        opened = co_await runtime_.workers->run(std::move(job));
    } catch (...) {
        std::lock_guard lock(mutex_);
        --open_;
        --in_use_;
        wake_one_locked();
        throw;
    }
    if (auto* error = std::get_if<std::string>(&opened)) {
        {
            std::lock_guard lock(mutex_);
            --open_;
            --in_use_;
            health_ = {health_state::down, *error};
            wake_one_locked();
        }
        co_return error_result(
            error_code::unavailable,
            "server '" + settings_.name + "' is unavailable: " + *error,
            std::nullopt,
            true
        );
    }
    set_health(health_state::ok, "");
    co_return std::get<std::shared_ptr<connection>>(std::move(opened));
}

asio::awaitable<sqlite_source::acquired> sqlite_source::acquire(
    std::chrono::steady_clock::time_point deadline
) {
    auto executor = co_await asio::this_coro::executor;
    while (true) {
        std::shared_ptr<waiter> w;
        {
            std::lock_guard lock(mutex_);
            if (stopped_) {
                co_return error_result(
                    error_code::unavailable,
                    "server '" + settings_.name + "' is stopping",
                    std::nullopt,
                    true
                );
            }
            if (!idle_.empty()) {
                auto conn = std::move(idle_.back());
                idle_.pop_back();
                ++in_use_;
                co_return conn;
            }
            if (open_ < settings_.max_connections) {
                ++open_;
                ++in_use_;
                w = nullptr;
            } else {
                w = std::make_shared<waiter>(executor);
                w->timer.expires_at(deadline);
                waiters_.push_back(w);
            }
        }
        if (!w) {
            co_return co_await open_new();
        }
        auto [ec] = co_await w->timer.async_wait(asio::as_tuple(asio::use_awaitable));
        (void)ec;
        bool notified = false;
        {
            std::lock_guard lock(mutex_);
            notified = w->notified;
            if (!notified) {
                waiters_.erase(std::remove(waiters_.begin(), waiters_.end(), w), waiters_.end());
            }
        }
        if (notified) {
            continue;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            co_return error_result(
                error_code::pool_timeout,
                "no connection to '" + settings_.name + "' became free before the deadline",
                std::nullopt,
                true
            );
        }
        throw boost::system::system_error(asio::error::operation_aborted);
    }
}

asio::awaitable<json> sqlite_source::with_connection(
    std::function<json(connection&)> job,
    std::chrono::steady_clock::time_point deadline
) {
    auto got = co_await acquire(deadline);
    if (auto* error = std::get_if<json>(&got)) {
        co_return std::move(*error);
    }
    auto conn = std::get<std::shared_ptr<connection>>(std::move(got));
    {
        std::lock_guard lock(mutex_);
        ++calls_;
    }
    conn->arm(deadline);
    auto reusable = std::make_shared<bool>(true);
    std::function<json()> work = [conn, job = std::move(job), reusable]() {
        json result;
        try {
            result = job(*conn);
        } catch (...) {
            conn->finish_call();  // still roll back, but a job that threw is not trusted again
            *reusable = false;
            throw;
        }
        *reusable = conn->finish_call();
        return result;
    };
    std::function<void()> on_cancel = [conn]() {
        conn->cancel();
    };
    json result;
    try {
        result = co_await runtime_.workers->run(std::move(work), std::move(on_cancel));
    } catch (...) {
        release(conn, *reusable);
        throw;
    }
    release(conn, *reusable);
    co_return result;
}

}  // namespace mcpgw::backends::sqlite
