#include "connection.hpp"

#include "client_flags.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <sys/socket.h>

namespace mcpgw::backends::mysql {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr int wait_bits =
    MYSQL_WAIT_READ | MYSQL_WAIT_WRITE | MYSQL_WAIT_EXCEPT | MYSQL_WAIT_TIMEOUT;

// A call cut short finishes within a few steps once its socket is shut down; the bound only
// guards against a driver that keeps asking to wait.
constexpr int max_blind_steps = 1000;

}  // namespace

mysql_connection::mysql_connection(asio::any_io_executor ex) : socket_(ex), timer_(std::move(ex)) {
    mysql_ = mysql_init(nullptr);
    if (mysql_ == nullptr) {
        throw std::bad_alloc();
    }
    mysql_options(mysql_, MYSQL_OPT_NONBLOCK, nullptr);
}

mysql_connection::~mysql_connection() {
    close();
}

bool mysql_connection::is_mariadb() const {
    return mysql_ != nullptr && mariadb_connection(mysql_) != 0;
}

void mysql_connection::close() {
    if (socket_.is_open()) {
        socket_.release();  // the driver owns the fd
    }
    fd_ = -1;
    if (mysql_ != nullptr) {
        // COM_QUIT is one small write on a non-blocking socket (or fails at once when the
        // link is shut down): this does not wait.
        mysql_close(mysql_);
        mysql_ = nullptr;
    }
}

void mysql_connection::break_link() {
    broken_ = true;
    if (mysql_ != nullptr) {
        int fd = static_cast<int>(mysql_get_socket(mysql_));
        if (fd >= 0) {
            ::shutdown(fd, SHUT_RDWR);
        }
    }
}

void mysql_connection::refresh_descriptor() {
    int fd = static_cast<int>(mysql_get_socket(mysql_));
    if (fd == fd_) {
        return;
    }
    if (socket_.is_open()) {
        socket_.release();
    }
    fd_ = -1;
    if (fd >= 0) {
        socket_.assign(fd);
        fd_ = fd;
    }
}

void mysql_connection::finish_blind(int status, const std::function<int(int)>& cont) {
    for (int i = 0; status != 0 && i < max_blind_steps; ++i) {
        status = cont(status & wait_bits);
    }
}

asio::awaitable<mysql_connection::wait_result>
mysql_connection::wait(int status, time_point deadline) {
    auto cs = co_await asio::this_coro::cancellation_state;
    if (cs.cancelled() != asio::cancellation_type::none) {
        co_return wait_result{op_outcome::cancelled, 0};
    }
    refresh_descriptor();
    auto now = std::chrono::steady_clock::now();
    auto until = deadline;
    bool driver_timer = false;
    if ((status & MYSQL_WAIT_TIMEOUT) != 0) {
        auto t = now + std::chrono::milliseconds(mysql_get_timeout_value_ms(mysql_));
        if (t < until) {
            until = t;
            driver_timer = true;
        }
    }
    if (until <= now) {
        co_return driver_timer ? wait_result{op_outcome::done, MYSQL_WAIT_TIMEOUT}
                               : wait_result{op_outcome::timed_out, 0};
    }
    timer_.expires_at(until);
    bool want_read = (status & (MYSQL_WAIT_READ | MYSQL_WAIT_EXCEPT)) != 0;
    bool want_write = (status & MYSQL_WAIT_WRITE) != 0;
    auto token = asio::as_tuple(asio::use_awaitable);
    using rd = asio::posix::descriptor_base;

    // Which branch finished first and how: 0 read, 1 write, 2 timer.
    int winner = 2;
    boost::system::error_code ec;
    try {
        if (!socket_.is_open() || (!want_read && !want_write)) {
            auto [e] = co_await timer_.async_wait(token);
            ec = e;
        } else if (want_read && want_write) {
            auto r = socket_.async_wait(rd::wait_read, token);
            auto w = socket_.async_wait(rd::wait_write, token);
            auto t = timer_.async_wait(token);
            auto any = co_await (std::move(r) || std::move(w) || std::move(t));
            winner = static_cast<int>(any.index());
            std::visit(
                [&ec](auto& tuple) {
                    ec = std::get<0>(tuple);
                },
                any
            );
        } else {
            auto s = socket_.async_wait(want_read ? rd::wait_read : rd::wait_write, token);
            auto t = timer_.async_wait(token);
            auto any = co_await (std::move(s) || std::move(t));
            winner = any.index() == 0 ? (want_read ? 0 : 1) : 2;
            std::visit(
                [&ec](auto& tuple) {
                    ec = std::get<0>(tuple);
                },
                any
            );
        }
    } catch (const boost::system::system_error&) {
        co_return wait_result{op_outcome::cancelled, 0};
    }
    if (ec == asio::error::operation_aborted) {
        co_return wait_result{op_outcome::cancelled, 0};
    }
    if (winner == 2) {
        if (ec) {  // a timer that failed otherwise: let the driver look again
            co_return wait_result{op_outcome::done, status & wait_bits};
        }
        co_return driver_timer ? wait_result{op_outcome::done, MYSQL_WAIT_TIMEOUT}
                               : wait_result{op_outcome::timed_out, 0};
    }
    if (ec) {  // the descriptor failed: the driver's next read or write reports why
        co_return wait_result{op_outcome::done, status & wait_bits};
    }
    co_return wait_result{op_outcome::done, winner == 0 ? MYSQL_WAIT_READ : MYSQL_WAIT_WRITE};
}

asio::awaitable<op_outcome> mysql_connection::run(
    std::function<int()> start,
    std::function<int(int)> cont,
    time_point deadline
) {
    int status = start();
    while (status != 0) {
        if (broken_) {
            finish_blind(status, cont);
            co_return op_outcome::done;
        }
        wait_result w;
        try {
            w = co_await wait(status, deadline);
        } catch (...) {
            // Never leave the driver suspended in a call whose variables are going away.
            break_link();
            finish_blind(status, cont);
            throw;
        }
        if (w.outcome != op_outcome::done) {
            // Finish the call now, failing inside the driver, so its state stays consistent
            // and nothing it refers to is used after we return.
            break_link();
            finish_blind(status, cont);
            co_return w.outcome;
        }
        status = cont(w.ready);
    }
    co_return op_outcome::done;
}

asio::awaitable<std::optional<std::string>>
mysql_connection::open(connect_params p, time_point deadline) {
    unsigned int no = 0;
    mysql_options(mysql_, MYSQL_OPT_LOCAL_INFILE, &no);
    unsigned int tcp = MYSQL_PROTOCOL_TCP;
    mysql_options(mysql_, MYSQL_OPT_PROTOCOL, &tcp);
    mysql_options(mysql_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (p.max_packet > 0) {
        std::size_t max_packet = p.max_packet;  // libmariadb reads a size_t
        mysql_options(mysql_, MYSQL_OPT_MAX_ALLOWED_PACKET, &max_packet);
    }
    auto remaining = std::chrono::duration_cast<std::chrono::seconds>(
        deadline - std::chrono::steady_clock::now()
    );
    unsigned int connect_seconds =
        static_cast<unsigned int>(std::max<std::int64_t>(1, remaining.count() + 1));
    mysql_options(mysql_, MYSQL_OPT_CONNECT_TIMEOUT, &connect_seconds);
    if (p.tls != tls_mode::disable) {
        mysql_ssl_set(mysql_, nullptr, nullptr, nullptr, nullptr, nullptr);  // ask for TLS
    }
    if (p.tls == tls_mode::require) {
        my_bool yes = 1;
        mysql_options(mysql_, MYSQL_OPT_SSL_ENFORCE, &yes);
    }

    MYSQL* ret = nullptr;
    const char* db = p.database.empty() ? nullptr : p.database.c_str();
    std::function<int()> start = [&]() {
        return mysql_real_connect_start(
            &ret,
            mysql_,
            p.address.c_str(),
            p.user.c_str(),
            p.password.c_str(),
            db,
            p.port,
            nullptr,
            client_flags
        );
    };
    std::function<int(int)> cont = [&](int ready) {
        return mysql_real_connect_cont(&ret, mysql_, ready);
    };
    auto outcome = co_await run(std::move(start), std::move(cont), deadline);
    if (outcome == op_outcome::timed_out) {
        co_return std::string("connect timed out");
    }
    if (outcome == op_outcome::cancelled) {
        co_return std::string("connect cancelled");
    }
    if (ret == nullptr) {
        broken_ = true;
        const char* text = mysql_error(mysql_);
        co_return std::string(text != nullptr && *text != 0 ? text : "connect failed");
    }
    if (p.tls == tls_mode::require && mysql_get_ssl_cipher(mysql_) == nullptr) {
        // Checked here rather than trusted to the driver's option, whose meaning varies
        // between libmariadb versions.
        broken_ = true;
        co_return std::string("the server does not offer TLS (tls: require)");
    }
    thread_id_ = mysql_thread_id(mysql_);
    co_return std::nullopt;
}

}  // namespace mcpgw::backends::mysql
