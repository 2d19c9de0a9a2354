#include "http_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <cctype>
#include <functional>

namespace mcpgw::itest {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using error_code = boost::system::error_code;

namespace {

constexpr std::uint64_t unlimited_body = std::uint64_t{1} << 40;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return s;
}

template <class Fields>
void copy_headers(const Fields& fields, http_result& out) {
    for (const auto& f : fields) {
        std::string name(f.name_string());
        std::string value(f.value());
        auto [it, inserted] = out.headers.emplace(name, value);
        if (!inserted) {
            it->second += ", " + value;
        }
    }
}

}  // namespace

bool ci_less::operator()(const std::string& a, const std::string& b) const {
    return lower(a) < lower(b);
}

std::string http_result::header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

json http_result::body_json() const {
    return json::parse(body, nullptr, false);
}

// Runs one asynchronous operation on the private io_context with a deadline. On timeout
// the socket's operations are cancelled (the connection stays open) and timed_out() is set.
template <class Start>
error_code http_connection::run(std::chrono::milliseconds timeout, Start&& start) {
    std::optional<error_code> result;
    timed_out_ = false;
    start([&result](error_code ec, std::size_t) {
        result = ec;
    });
    io_.restart();
    io_.run_for(timeout);
    if (!result) {
        error_code ignored;
        stream_.socket().cancel(ignored);
        io_.restart();
        io_.run();
        timed_out_ = true;
    }
    return result.value_or(asio::error::timed_out);
}

http_connection::http_connection(
    std::uint16_t port,
    std::chrono::milliseconds timeout,
    const std::string& address
)
    : port_(port), address_(address), stream_(io_) {
    asio::ip::tcp::endpoint ep(asio::ip::make_address(address), port);
    std::optional<error_code> result;
    stream_.async_connect(ep, [&result](error_code ec) {
        result = ec;
    });
    io_.run_for(timeout);
    if (!result) {
        stream_.socket().close();
        io_.restart();
        io_.run();
        return;
    }
    connected_ = !*result;
}

http_connection::~http_connection() {
    close();
}

bool http_connection::send(
    const std::string& method,
    const std::string& target,
    const header_list& headers,
    const std::string& body,
    std::chrono::milliseconds timeout
) {
    if (!connected_) {
        return false;
    }
    http::request<http::string_body> req;
    req.method_string(method);
    req.target(target);
    req.version(11);
    bool has_host = false;
    for (const auto& [name, value] : headers) {
        req.insert(name, value);
        has_host = has_host || lower(name) == "host";
    }
    if (!has_host) {
        req.set(http::field::host, address_ + ":" + std::to_string(port_));
    }
    req.body() = body;
    if (!body.empty() || method == "POST") {
        req.content_length(body.size());
    }
    auto ec = run(timeout, [&](auto handler) {
        http::async_write(stream_, req, std::move(handler));
    });
    return !ec;
}

bool http_connection::send_raw(const std::string& bytes, std::chrono::milliseconds timeout) {
    if (!connected_) {
        return false;
    }
    auto ec = run(timeout, [&](auto handler) {
        asio::async_write(stream_, asio::buffer(bytes), std::move(handler));
    });
    return !ec;
}

http_result http_connection::read_response(std::chrono::milliseconds timeout) {
    http_result out;
    http::response_parser<http::string_body> parser;
    parser.body_limit(unlimited_body);
    auto ec = run(timeout, [&](auto handler) {
        http::async_read(stream_, buffer_, parser, std::move(handler));
    });
    if (ec) {
        out.error = timed_out_ ? "timeout" : ec.message();
        return out;
    }
    auto& res = parser.get();
    out.status = static_cast<int>(res.result_int());
    copy_headers(res, out);
    out.body = res.body();
    return out;
}

http_result http_connection::request(
    const std::string& method,
    const std::string& target,
    const header_list& headers,
    const std::string& body,
    std::chrono::milliseconds timeout
) {
    if (!send(method, target, headers, body, timeout)) {
        http_result out;
        out.error = connected_ ? "send failed" : "not connected";
        return out;
    }
    return read_response(timeout);
}

http_result http_connection::read_header(std::chrono::milliseconds timeout) {
    http_result out;
    parser_ = std::make_unique<http::response_parser<http::buffer_body>>();
    parser_->body_limit(unlimited_body);
    auto ec = run(timeout, [&](auto handler) {
        http::async_read_header(stream_, buffer_, *parser_, std::move(handler));
    });
    if (ec) {
        out.error = timed_out_ ? "timeout" : ec.message();
        return out;
    }
    auto& res = parser_->get();
    out.status = static_cast<int>(res.result_int());
    copy_headers(res, out);
    return out;
}

std::optional<std::string> http_connection::read_some_body(std::chrono::milliseconds timeout) {
    if (!parser_ || parser_->is_done()) {
        return std::nullopt;
    }
    auto deadline = std::chrono::steady_clock::now() + timeout;
    char buf[16384];
    while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now()
        );
        if (left.count() <= 0) {
            timed_out_ = true;
            return std::nullopt;
        }
        parser_->get().body().data = buf;
        parser_->get().body().size = sizeof buf;
        auto ec = run(left, [&](auto handler) {
            http::async_read_some(stream_, buffer_, *parser_, std::move(handler));
        });
        if (ec == http::error::need_buffer) {
            ec = {};
        }
        std::size_t n = sizeof buf - parser_->get().body().size;
        if (n > 0) {
            return std::string(buf, n);
        }
        if (parser_->is_done() || ec) {
            return std::nullopt;
        }
    }
}

bool http_connection::body_done() const {
    return parser_ && parser_->is_done();
}

void http_connection::close() {
    error_code ignored;
    if (stream_.socket().is_open()) {
        stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        stream_.socket().close(ignored);
    }
    connected_ = false;
}

bool http_connection::wait_closed_by_peer(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    char buf[4096];
    while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now()
        );
        if (left.count() <= 0) {
            return false;
        }
        auto ec = run(left, [&](auto handler) {
            stream_.async_read_some(asio::buffer(buf), std::move(handler));
        });
        if (timed_out_) {
            return false;
        }
        if (ec) {
            return true;
        }
    }
}

http_result http_request(
    std::uint16_t port,
    const std::string& method,
    const std::string& target,
    const header_list& headers,
    const std::string& body,
    std::chrono::milliseconds timeout
) {
    http_connection c(port, timeout);
    if (!c.connected()) {
        http_result out;
        out.error = "connect failed";
        return out;
    }
    return c.request(method, target, headers, body, timeout);
}

sse_reader::sse_reader(
    std::uint16_t port,
    const std::string& method,
    const std::string& target,
    const header_list& headers,
    const std::string& body,
    std::chrono::milliseconds timeout
)
    : conn_(port, timeout) {
    if (!conn_.send(method, target, headers, body, timeout)) {
        head_.error = "send failed";
        broken_ = true;
        return;
    }
    head_ = conn_.read_header(timeout);
    if (head_.status == 0) {
        broken_ = true;
    }
}

std::optional<sse_event> sse_reader::parse_block() {
    while (true) {
        auto end = pending_.find("\n\n");
        if (end == std::string::npos) {
            return std::nullopt;
        }
        std::string block = pending_.substr(0, end);
        pending_.erase(0, end + 2);
        sse_event ev;
        std::size_t pos = 0;
        while (pos <= block.size()) {
            auto nl = block.find('\n', pos);
            std::string line = block.substr(pos, nl == std::string::npos ? nl : nl - pos);
            pos = nl == std::string::npos ? block.size() + 1 : nl + 1;
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            if (line.empty()) {
                continue;
            }
            if (line.front() == ':') {
                std::string text = line.substr(1);
                if (!text.empty() && text.front() == ' ') {
                    text.erase(0, 1);
                }
                ev.comment += (ev.comment.empty() ? "" : "\n") + text;
                continue;
            }
            auto colon = line.find(':');
            std::string field = line.substr(0, colon);
            std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
            if (!value.empty() && value.front() == ' ') {
                value.erase(0, 1);
            }
            if (field == "id") {
                ev.id = value;
            } else if (field == "event") {
                ev.event = value;
            } else if (field == "data") {
                ev.data += (ev.has_data ? "\n" : "") + value;
                ev.has_data = true;
            } else if (field == "retry") {
                ev.retry = std::atoi(value.c_str());
            }
        }
        return ev;
    }
}

std::optional<sse_event> sse_reader::next(std::chrono::milliseconds timeout, bool with_comments) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        while (auto ev = parse_block()) {
            if (ev->is_comment_only() && !with_comments) {
                continue;
            }
            return ev;
        }
        if (ended_ || broken_) {
            return std::nullopt;
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now()
        );
        if (left.count() <= 0) {
            return std::nullopt;
        }
        auto chunk = conn_.read_some_body(left);
        if (!chunk) {
            if (conn_.body_done()) {
                ended_ = true;
            } else if (!conn_.timed_out()) {
                broken_ = true;
            }
            continue;
        }
        raw_ += *chunk;
        pending_ += *chunk;
    }
}

}  // namespace mcpgw::itest
