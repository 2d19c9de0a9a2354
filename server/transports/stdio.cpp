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

asio::awaitable<void> answer(std::shared_ptr<stdio_state> st, protocol::request request) {
    ++st->running;
    auto response = co_await st->svc->handle_request(st->session, std::move(request), st->out);
    if (response) {
        st->out->send(std::move(*response));
    }
    --st->running;
}

asio::awaitable<void>
answer_batch(std::shared_ptr<stdio_state> st, std::vector<protocol::message> messages) {
    ++st->running;
    std::string out = "[";
    bool any = false;
    for (auto& m : messages) {
        std::optional<std::string> response;
        if (auto* r = std::get_if<protocol::request>(&m)) {
            if (r->is_notification()) {
                st->svc->handle_notification(*st->session, *r);
            } else {
                response = co_await st->svc->handle_request(st->session, std::move(*r), st->out);
            }
        } else if (auto* resp = std::get_if<protocol::response>(&m)) {
            st->svc->handle_response(*st->session, std::move(*resp));
        } else {
            auto& bad = std::get<protocol::invalid_message>(m);
            response = protocol::encode_error(bad.id, bad.error);
        }
        if (response) {
            out += (any ? "," : "") + *response;
            any = true;
        }
    }
    if (any) {
        st->out->send(out + "]");
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
    auto done = [](std::exception_ptr e) {
        if (e) {
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                log::error("stdio request failed", {{"error", ex.what()}});
            }
        }
    };
    if (body.is_batch) {
        if (!st->session->traits.batches_allowed) {
            st->out->send(protocol::encode_error(
                nullptr,
                protocol::rpc_error::make(
                    protocol::rpc_code::invalid_request,
                    "Invalid Request: batches are not supported in this protocol version"
                )
            ));
            return;
        }
        asio::co_spawn(io, answer_batch(st, std::move(body.messages)), done);
        return;
    }
    auto& m = body.messages.front();
    if (auto* r = std::get_if<protocol::request>(&m)) {
        if (r->is_notification()) {
            st->svc->handle_notification(*st->session, *r);
        } else {
            asio::co_spawn(io, answer(st, std::move(*r)), done);
        }
    } else if (auto* resp = std::get_if<protocol::response>(&m)) {
        st->svc->handle_response(*st->session, std::move(*resp));
    } else {
        auto& bad = std::get<protocol::invalid_message>(m);
        st->out->send(protocol::encode_error(bad.id, bad.error));
    }
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
            asio::co_spawn(io, drain_then_stop(st, drain), [&guard](std::exception_ptr) {
                guard.reset();
            });
        });
    });
    io.run();
    reader.join();
    return 0;
}

}  // namespace mcpgw::server
