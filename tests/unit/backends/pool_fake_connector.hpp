#pragma once
// An in-memory connector for pool tests: scripted latency and failures, counters to assert on.

#include <backends/core/pool/connector.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>

namespace mcpgw::test {

struct fake_conn {
    int id = 0;
    bool dirty = false;  // set by a test "query", cleared by reset
};

class fake_connector : public backends::pool::connector<fake_conn> {
public:
    // Script
    std::chrono::milliseconds connect_latency{1};
    bool fail_connect = false;
    std::string error = "connection refused (fake)";
    bool ping_ok = true;
    bool reset_ok = true;
    bool skip_reset_when_clean = false;  // needs_reset() answers from fake_conn::dirty

    // Observations
    int attempts = 0;  // connect calls
    int connects = 0;  // successful ones; also the id of the newest connection
    int pings = 0;
    int resets = 0;
    int closes = 0;
    int live = 0;
    int max_live = 0;

    boost::asio::awaitable<backends::pool::connect_result<fake_conn>>
    connect(time_point /*deadline*/) override {
        ++attempts;
        boost::asio::steady_timer t(co_await boost::asio::this_coro::executor);
        t.expires_after(connect_latency);
        co_await t.async_wait(boost::asio::use_awaitable);  // throws when stop() cancels
        backends::pool::connect_result<fake_conn> r;
        if (fail_connect) {
            r.error = error;
            co_return r;
        }
        r.conn = std::make_unique<fake_conn>();
        r.conn->id = ++connects;
        max_live = std::max(max_live, ++live);
        co_return r;
    }

    boost::asio::awaitable<bool> ping(fake_conn& /*c*/, time_point /*deadline*/) override {
        ++pings;
        co_return ping_ok;
    }

    boost::asio::awaitable<bool> reset(fake_conn& c, time_point /*deadline*/) override {
        ++resets;
        c.dirty = false;
        co_return reset_ok;
    }

    bool needs_reset(const fake_conn& c) const override {
        return !skip_reset_when_clean || c.dirty;
    }

    void close(fake_conn& /*c*/) override {
        ++closes;
        --live;
    }
};

}  // namespace mcpgw::test
