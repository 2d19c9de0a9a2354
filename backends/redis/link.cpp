#include "link.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include <sys/socket.h>

// Exported by libhiredis (0.14 and 1.x) but not declared in its headers: the second half of
// redisAsyncHandleRead (parse what the reader holds, run the reply callbacks).
extern "C" void redisProcessCallbacks(redisAsyncContext* ac);

namespace mcpgw::backends::redis {
namespace {

namespace asio = boost::asio;

redis_value copy_reply(const redisReply* r) {
    switch (r->type) {
        case REDIS_REPLY_STRING:
            return redis_value::string(std::string(r->str, r->len));
        case REDIS_REPLY_STATUS:
            return redis_value::status(std::string(r->str, r->len));
        case REDIS_REPLY_ERROR:
            return redis_value::error(std::string(r->str, r->len));
        case REDIS_REPLY_INTEGER:
            return redis_value::number(r->integer);
        case REDIS_REPLY_ARRAY: {
            std::vector<redis_value> elements;
            elements.reserve(r->elements);
            for (std::size_t i = 0; i < r->elements; ++i) {
                elements.push_back(copy_reply(r->element[i]));
            }
            return redis_value::array(std::move(elements));
        }
        default:
            return redis_value::nil();
    }
}

// What one command waits on. hiredis calls on_reply exactly once per queued command: with
// the reply, or with NULL when the context is freed first.
struct pending_reply {
    bool done = false;
    bool has_reply = false;
    redis_value value;
    std::string error;
    asio::steady_timer* wake = nullptr;  // the waiting coroutine's timer, while it waits
};

// Clears pending_reply::wake however the waiting coroutine leaves its frame.
struct unhook {
    explicit unhook(pending_reply& r) : p(r) {}
    ~unhook() { p.wake = nullptr; }
    unhook(const unhook&) = delete;
    unhook& operator=(const unhook&) = delete;
    unhook(unhook&&) = delete;
    unhook& operator=(unhook&&) = delete;
    pending_reply& p;
};

void on_reply(redisAsyncContext* ac, void* reply, void* privdata) {
    std::unique_ptr<std::shared_ptr<pending_reply>> holder(
        static_cast<std::shared_ptr<pending_reply>*>(privdata)
    );
    auto& p = **holder;
    p.done = true;
    if (reply != nullptr) {
        p.has_reply = true;
        p.value = copy_reply(static_cast<redisReply*>(reply));
    } else {
        p.error = (ac->err != 0 && ac->errstr[0] != '\0') ? ac->errstr : "connection closed";
    }
    if (p.wake != nullptr) {
        p.wake->cancel();
    }
}

redis_link* self_of(void* data) {
    return static_cast<redis_link*>(data);
}

}  // namespace

redis_link::redis_link(asio::any_io_executor ex) : executor_(ex), socket_(ex) {}

redis_link::~redis_link() {
    abort();
}

bool redis_link::open(const std::string& ip, int port) {
    redisAsyncContext* ac = redisAsyncConnect(ip.c_str(), port);
    if (ac == nullptr) {
        error_ = "out of memory";
        return false;
    }
    if (ac->err != 0) {
        error_ = ac->errstr;
        redisAsyncFree(ac);
        return false;
    }
    boost::system::error_code ec;
    socket_.assign(ac->c.fd, ec);
    if (ec) {
        error_ = "cannot watch the socket: " + ec.message();
        redisAsyncFree(ac);
        return false;
    }
    context_ = ac;
    ac->data = this;
    ac->ev.data = this;
    ac->ev.addRead = &redis_link::on_add_read;
    ac->ev.delRead = &redis_link::on_del_read;
    ac->ev.addWrite = &redis_link::on_add_write;
    ac->ev.delWrite = &redis_link::on_del_write;
    ac->ev.cleanup = &redis_link::on_cleanup;
    redisAsyncSetConnectCallback(ac, &redis_link::on_connect);
    redisAsyncSetDisconnectCallback(ac, &redis_link::on_disconnect);
    return true;
}

void redis_link::abort() {
    if (auto* ac = std::exchange(context_, nullptr)) {
        if (error_.empty()) {
            error_ = "connection closed by the gateway";
        }
        // Runs the pending callbacks (NULL reply), our cleanup hook, then closes the socket.
        redisAsyncFree(ac);
    }
    detach();
}

void redis_link::detach() {
    want_read_ = false;
    want_write_ = false;
    if (socket_.is_open()) {
        // Waits complete with operation_aborted; hiredis closes the fd itself.
        (void)socket_.release();
    }
}

void redis_link::on_add_read(void* data) {
    auto* self = self_of(data);
    self->want_read_ = true;
    self->arm_read();
}

void redis_link::on_del_read(void* data) {
    self_of(data)->want_read_ = false;
}

void redis_link::on_add_write(void* data) {
    auto* self = self_of(data);
    self->want_write_ = true;
    self->arm_write();
}

void redis_link::on_del_write(void* data) {
    self_of(data)->want_write_ = false;
}

void redis_link::on_cleanup(void* data) {
    auto* self = self_of(data);
    self->context_ = nullptr;
    self->detach();
}

void redis_link::on_connect(const redisAsyncContext* ac, int status) {
    if (status != REDIS_OK) {
        auto* self = self_of(ac->data);
        self->error_ = ac->errstr[0] != '\0' ? ac->errstr : "connect failed";
    }
}

void redis_link::on_disconnect(const redisAsyncContext* ac, int status) {
    auto* self = self_of(ac->data);
    if (status != REDIS_OK && self->error_.empty()) {
        self->error_ = ac->errstr[0] != '\0' ? ac->errstr : "connection lost";
    }
}

void redis_link::arm_read() {
    if (read_armed_ || context_ == nullptr || !socket_.is_open()) {
        return;
    }
    read_armed_ = true;
    socket_.async_wait(
        asio::posix::stream_descriptor::wait_read,
        [self = shared_from_this()](boost::system::error_code ec) {
            self->read_armed_ = false;
            if (ec || self->context_ == nullptr || !self->want_read_) {
                return;
            }
            self->read_ready();  // may free the context (on_cleanup)
            if (self->want_read_) {
                self->arm_read();
            }
        }
    );
}

// redisAsyncHandleRead would read into hiredis's buffer with no bound on the reply's size.
// Reading here first counts the bytes of the reply in flight; hiredis still parses them
// (redisReaderFeed + redisProcessCallbacks, what redisAsyncHandleRead does after its read).
// The connect handshake, end of stream and read errors stay with redisAsyncHandleRead.
void redis_link::read_ready() {
    if ((context_->c.flags & REDIS_CONNECTED) == 0) {
        redisAsyncHandleRead(context_);
        return;
    }
    char buffer[16 * 1024];
    auto n = ::recv(context_->c.fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        return;
    }
    if (n <= 0) {
        redisAsyncHandleRead(context_);  // reads the end or the error again and disconnects
        return;
    }
    reply_bytes_ += static_cast<std::size_t>(n);
    if (reply_limit_ > 0 && reply_bytes_ > reply_limit_) {
        too_large_ = true;
        abort();  // the waiting command completes; the pool discards the link
        return;
    }
    if (redisReaderFeed(context_->c.reader, buffer, static_cast<std::size_t>(n)) != REDIS_OK) {
        error_ = "cannot read the reply";
        abort();
        return;
    }
    redisProcessCallbacks(context_);
}

void redis_link::arm_write() {
    if (write_armed_ || context_ == nullptr || !socket_.is_open()) {
        return;
    }
    write_armed_ = true;
    socket_.async_wait(
        asio::posix::stream_descriptor::wait_write,
        [self = shared_from_this()](boost::system::error_code ec) {
            self->write_armed_ = false;
            if (ec || self->context_ == nullptr || !self->want_write_) {
                return;
            }
            redisAsyncHandleWrite(self->context_);  // may free the context (on_cleanup)
            if (self->want_write_) {
                self->arm_write();
            }
        }
    );
}

asio::awaitable<command_outcome>
redis_link::command(std::vector<std::string> argv, time_point deadline) {
    std::vector<std::vector<std::string>> one;
    one.push_back(std::move(argv));
    auto batch = co_await pipeline(std::move(one), deadline);
    command_outcome out;
    out.result = batch.result;
    out.error = std::move(batch.error);
    if (out.result == command_outcome::status::reply) {
        out.value = std::move(batch.values.front());
    }
    co_return out;
}

asio::awaitable<batch_outcome>
redis_link::pipeline(std::vector<std::vector<std::string>> commands, time_point deadline) {
    batch_outcome out;
    if (commands.empty()) {
        out.result = command_outcome::status::reply;
        co_return out;
    }
    if (context_ == nullptr) {
        out.error = error_.empty() ? "not connected" : error_;
        co_return out;
    }
    auto limit = std::exchange(reply_limit_, 0);
    reply_bytes_ = 0;
    std::vector<std::shared_ptr<pending_reply>> pending;
    pending.reserve(commands.size());
    for (const auto& argv : commands) {
        std::vector<const char*> ptrs;
        std::vector<std::size_t> lens;
        ptrs.reserve(argv.size());
        lens.reserve(argv.size());
        for (const auto& a : argv) {
            ptrs.push_back(a.data());
            lens.push_back(a.size());
        }
        auto p = std::make_shared<pending_reply>();
        auto* holder = new std::shared_ptr<pending_reply>(p);
        int rc = redisAsyncCommandArgv(
            context_,
            &on_reply,
            holder,
            static_cast<int>(argv.size()),
            ptrs.data(),
            lens.data()
        );
        if (rc != REDIS_OK) {
            delete holder;  // not queued: hiredis will never call on_reply for it
            if (!pending.empty()) {
                abort();  // the ones queued before it would answer a caller that has left
            }
            out.error = error_.empty() ? "cannot send the command" : error_;
            co_return out;
        }
        pending.push_back(std::move(p));
    }
    reply_limit_ = limit;
    asio::steady_timer wake(executor_, deadline);
    // Replies come in order, and a freed context fails every queued command in order too:
    // the last one done means all are done.
    auto& last = *pending.back();
    // Stay alive while waiting, whoever else lets go of the link meanwhile.
    auto keep = shared_from_this();
    auto cs = co_await asio::this_coro::cancellation_state;
    if (!last.done) {
        last.wake = &wake;
        unhook guard(last);
        try {
            co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
        } catch (const boost::system::system_error&) {
            // Cancelled before the wait began (throw_if_cancelled): handled below.
        }
    }
    if (!last.done) {
        // Deadline or cancellation: the reply may never come (BLPOP...), and the connection
        // is in an unknown state. Closing it makes Redis drop the blocked client.
        bool cancelled = cs.cancelled() != asio::cancellation_type::none;
        abort();
        out.result =
            cancelled ? command_outcome::status::cancelled : command_outcome::status::timeout;
        co_return out;
    }
    reply_limit_ = 0;
    bool all = std::all_of(pending.begin(), pending.end(), [](const auto& p) {
        return p->has_reply;
    });
    if (all) {
        out.result = command_outcome::status::reply;
        out.values.reserve(pending.size());
        for (auto& p : pending) {
            out.values.push_back(std::move(p->value));
        }
    } else if (too_large_) {
        out.result = command_outcome::status::too_large;
    } else {
        const auto& failed = *std::find_if(pending.begin(), pending.end(), [](const auto& p) {
            return !p->has_reply;
        });
        out.error = error_.empty() ? failed->error : error_;
    }
    co_return out;
}

}  // namespace mcpgw::backends::redis
