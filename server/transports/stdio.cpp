#include "stdio.hpp"

#include <backends/core/log.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <iostream>
#include <thread>

#include <unistd.h>

namespace mcpgw::server {

namespace asio = boost::asio;

namespace {

/// Writes whole lines to stdout; a message never spans two writes' interleaving.
class stdout_sink final : public message_sink {
public:
    void send(std::string message) override {
        message.push_back('\n');
        const char* p = message.data();
        std::size_t left = message.size();
        while (left > 0) {
            ssize_t n = ::write(STDOUT_FILENO, p, left);
            if (n <= 0) {
                return;  // the client is gone; stdin EOF will end the process
            }
            p += n;
            left -= static_cast<std::size_t>(n);
        }
    }
};

struct stdio_state {
    service* svc = nullptr;
    std::shared_ptr<mcp_session> session = std::make_shared<mcp_session>();
    std::shared_ptr<stdout_sink> out = std::make_shared<stdout_sink>();
    int running = 0;
};

/// One stdin line (a message or a batch): its answer is one stdout line.
asio::awaitable<void> answer(std::shared_ptr<stdio_state> st, protocol::decoded_body body) {
    ++st->running;
    auto response = co_await st->svc->handle_body(st->session, std::move(body), st->out);
    if (response) {
        st->out->send(std::move(*response));
    }
    --st->running;
}

void on_line(
    const std::shared_ptr<stdio_state>& st,
    asio::io_context& io,
    const std::string& line
) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
        return;
    }
    auto decoded = protocol::decode(line);
    if (auto* err = std::get_if<protocol::rpc_error>(&decoded)) {
        st->out->send(protocol::encode_error(nullptr, *err));
        return;
    }
    auto& body = std::get<protocol::decoded_body>(decoded);
    if (body.is_batch && !st->session->traits.batches_allowed) {
        st->out->send(protocol::encode_error(
            nullptr,
            protocol::rpc_error::make(
                protocol::rpc_code::invalid_request,
                "Invalid Request: batches are not supported in protocol version " +
                    std::string(st->session->traits.version)
            )
        ));
        return;
    }
    asio::co_spawn(io, answer(st, std::move(body)), log::log_exception{"stdio request failed"});
}

asio::awaitable<void>
drain_then_stop(std::shared_ptr<stdio_state> st, std::chrono::milliseconds drain) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    auto until = std::chrono::steady_clock::now() + drain;
    while (st->running > 0 && std::chrono::steady_clock::now() < until) {
        timer.expires_after(std::chrono::milliseconds(20));
        co_await timer.async_wait(asio::use_awaitable);
    }
    if (st->running > 0) {
        service::cancel_all(*st->session);
    }
}

}  // namespace

int serve_stdio(asio::io_context& io, service& svc, std::chrono::milliseconds drain) {
    auto st = std::make_shared<stdio_state>();
    st->svc = &svc;
    st->session->principal = "stdio";
    auto guard = asio::make_work_guard(io);
    // A plain thread reads stdin: it may be a pipe, a terminal or a regular file, and
    // epoll cannot wait on a regular file.
    std::thread reader([&io, &guard, st, drain] {
        std::string line;
        while (std::getline(std::cin, line)) {
            asio::post(io, [st, &io, line] {
                on_line(st, io, line);
            });
        }
        asio::post(io, [st, &io, &guard, drain] {
            asio::co_spawn(io, drain_then_stop(st, drain), [&guard](std::exception_ptr e) {
                log::log_exception{"stdio drain failed"}(e);
                guard.reset();  // stop either way: stdin is closed
            });
        });
    });
    io.run();
    reader.join();
    return 0;
}

}  // namespace mcpgw::server
