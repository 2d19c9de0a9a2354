#include "pg_connection.hpp"

#include "error_text.hpp"
#include "read_clamp.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <libpq-fe.h>

#include <cerrno>

#include <sys/socket.h>

namespace mcpgw::backends::postgres {

namespace asio = boost::asio;

void result_deleter::operator()(pg_result* r) const {
    PQclear(r);
}

pg_connection::pg_connection(
    asio::any_io_executor ex,
    pg_conn* conn,
    worker_pool* workers,
    std::string password
)
    : ex_(std::move(ex)),
      conn_(conn),
      workers_(workers),
      password_(std::move(password)),
      cancel_(
          PQgetCancel(conn),
          [](pg_cancel* c) {
              PQfreeCancel(c);
          }
      ),
      timer_(ex_) {
    PQsetnonblocking(conn_, 1);
    PQenterPipelineMode(conn_);
    // libpq keeps its socket for the life of an established connection.
    socket_ = std::make_unique<borrowed_descriptor>(ex_, PQsocket(conn_));
}

pg_connection::~pg_connection() {
    socket_.reset();  // releases the fd before PQfinish closes it
    PQfinish(conn_);
}

bool pg_connection::ok() const {
    return PQstatus(conn_) == CONNECTION_OK && PQpipelineStatus(conn_) != PQ_PIPELINE_OFF;
}

bool pg_connection::still_open() {
    if (!ok() || pending_syncs_ > 0) {
        return false;
    }
    // One peek, no libpq parsing: an idle connection has nothing to read. End of stream
    // (closed) or unexpected bytes (the FATAL a server sends before it closes) mean the
    // server let go of this session.
    char byte = 0;
    auto n = ::recv(PQsocket(conn_), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

int pg_connection::backend_pid() const {
    return PQbackendPID(conn_);
}

bool pg_connection::idle_outside_transaction() const {
    return PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

std::string pg_connection::error_message() const {
    return sanitise(PQerrorMessage(conn_), password_);
}

bool pg_connection::send(
    const std::string& sql,
    const std::vector<std::optional<std::string>>& params
) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) {
        values.push_back(p ? p->c_str() : nullptr);
    }
    return PQsendQueryParams(
               conn_,
               sql.c_str(),
               static_cast<int>(values.size()),
               nullptr,  // types: inferred by the server
               values.empty() ? nullptr : values.data(),
               nullptr,  // lengths: text values are NUL-terminated
               nullptr,  // formats: text
               0         // results in text format
           ) == 1;
}

bool pg_connection::send(const char* sql) {
    return PQsendQueryParams(conn_, sql, 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
}

bool pg_connection::send_prepared(const char* name) {
    return PQsendQueryPrepared(conn_, name, 0, nullptr, nullptr, nullptr, 0) == 1;
}

bool pg_connection::prepare(const char* name, const char* sql) {
    return PQsendPrepare(conn_, name, sql, 0, nullptr) == 1;
}

bool pg_connection::send_discard_all() {
    control_prepared_ = false;
    return send("DISCARD ALL");
}

bool pg_connection::sync() {
    if (PQpipelineSync(conn_) != 1) {
        return false;
    }
    ++pending_syncs_;
    return true;
}

asio::awaitable<io_status> pg_connection::flush(time_point deadline) {
    while (true) {
        int rc = PQflush(conn_);
        if (rc == 0) {
            just_sent_ = true;
            co_return io_status::ready;
        }
        if (rc < 0) {
            co_return io_status::failed;
        }
        auto st = co_await wait_socket(socket_->get(), timer_, true, deadline);
        if (st != io_status::ready) {
            co_return st;
        }
        // The server may be answering while we still send: take its output in.
        if (!consume()) {
            co_return io_status::failed;
        }
    }
}

asio::awaitable<io_status> pg_connection::next_result(time_point deadline, result_ptr& out) {
    out.reset();
    // Try the socket before waiting (later results have often arrived already), except
    // right after sending, when the server cannot have answered yet.
    bool speculative = !just_sent_;
    just_sent_ = false;
    while (PQisBusy(conn_) == 1) {
        if (speculative) {
            if (!consume()) {
                co_return io_status::failed;
            }
            if (PQisBusy(conn_) == 0) {
                break;
            }
        }
        if (cap_used_up()) {
            co_return io_status::over_cap;  // libpq still waits for more of a result
        }
        auto st = co_await wait_socket(socket_->get(), timer_, false, deadline);
        if (st != io_status::ready) {
            co_return st;
        }
        if (!consume()) {
            co_return io_status::failed;
        }
        speculative = false;
    }
    out.reset(PQgetResult(conn_));
    if (out) {
        switch (PQresultStatus(out.get())) {
            case PGRES_FATAL_ERROR:
            case PGRES_PIPELINE_ABORTED:
                segment_failed_ = true;
                break;
            case PGRES_PIPELINE_SYNC:
                last_segment_failed_ = segment_failed_;
                segment_failed_ = false;
                if (pending_syncs_ > 0) {
                    --pending_syncs_;
                }
                break;
            default:
                break;
        }
    }
    co_return io_status::ready;
}

bool pg_connection::consume() {
    if (read_cap_ == 0) {
        return PQconsumeInput(conn_) == 1;
    }
    if (cap_used_up()) {
        return true;  // nothing more is read; next_result() reports over_cap
    }
    read_clamp clamp(PQsocket(conn_), read_cap_ - read_used_);
    bool ok = PQconsumeInput(conn_) == 1;
    read_used_ += clamp.used();
    return ok;
}

asio::awaitable<io_status> pg_connection::drain(time_point deadline) {
    int nulls_in_a_row = 0;
    while (pending_syncs_ > 0) {
        result_ptr r;
        auto st = co_await next_result(deadline, r);
        if (st != io_status::ready) {
            co_return st == io_status::timed_out ? io_status::timed_out : io_status::failed;
        }
        if (!r) {
            // One null ends each statement's results; a run of them means libpq has
            // nothing more to give although we expect a Sync: the stream is out of step.
            if (++nulls_in_a_row > 2) {
                co_return io_status::failed;
            }
            continue;
        }
        nulls_in_a_row = 0;
        auto status = PQresultStatus(r.get());
        if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
            co_return io_status::failed;  // cannot be drained here: the caller discards
        }
    }
    co_return ok() ? io_status::ready : io_status::failed;
}

asio::awaitable<bool> pg_connection::request_cancel(time_point deadline) {
    if (!cancel_ || workers_ == nullptr) {
        co_return false;
    }
    // Shared with the pool thread, which may outlive this wait (a cancel that hangs).
    struct state {
        explicit state(const asio::any_io_executor& ex) : wake(ex, time_point::max()) {}
        asio::steady_timer wake;
        bool delivered = false;  // event loop only
    };
    auto st = std::make_shared<state>(ex_);
    st->wake.expires_at(deadline);
    auto cancel = cancel_;
    asio::post(workers_->pool(), [st, cancel]() {
        char error[256];
        bool ok = PQcancel(cancel.get(), error, sizeof error) == 1;
        asio::post(st->wake.get_executor(), [st, ok]() {
            st->delivered = ok;
            st->wake.cancel();
        });
    });
    co_await st->wake.async_wait(asio::as_tuple(asio::use_awaitable));
    co_return st->delivered;
}

}  // namespace mcpgw::backends::postgres
