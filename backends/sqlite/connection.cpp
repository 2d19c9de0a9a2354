#include "connection.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include <sqlite3.h>

namespace mcpgw::backends::sqlite {
namespace {

// Virtual-machine steps between deadline/cancel checks: cheap, and well under a millisecond.
constexpr int progress_interval = 1000;

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

template <std::size_t N>
bool one_of(const char* name, const std::array<std::string_view, N>& names) {
    if (name == nullptr) {
        return false;
    }
    return std::any_of(names.begin(), names.end(), [name](std::string_view n) {
        return iequals(n, name);
    });
}

// Functions with effects outside the query, refused in every access mode.
constexpr std::array<std::string_view, 2> denied_functions = {"load_extension", "fts3_tokenizer"};

// Pragmas whose argument names a schema object to read rather than a setting to change.
constexpr std::array<std::string_view, 7> reading_pragmas_with_argument = {
    "table_info",
    "table_xinfo",
    "table_list",
    "index_info",
    "index_xinfo",
    "index_list",
    "foreign_key_list",
};

// Pragmas that change the database file even without an argument.
constexpr std::array<std::string_view, 4> writing_pragmas_without_argument = {
    "incremental_vacuum",
    "wal_checkpoint",
    "optimize",
    "shrink_memory",
};

bool is_schema_table(const char* name) {
    return name != nullptr &&
           (iequals(name, "sqlite_master") || iequals(name, "sqlite_schema") ||
            iequals(name, "sqlite_temp_master") || iequals(name, "sqlite_temp_schema"));
}

std::int64_t to_ns(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

}  // namespace

connection::connection(sqlite3* db, access_mode access) : db_(db), access_(access) {}

connection::~connection() {
    sqlite3_close_v2(db_);
}

std::variant<std::shared_ptr<connection>, std::string> connection::open(const options& opts) {
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE;
    // No SQLITE_OPEN_CREATE: a mistyped path must show as a down source, not a new empty file.
    flags |= opts.access == access_mode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(opts.path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string error =
            "cannot open " + opts.path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close_v2(db);
        return error;
    }
    auto conn = std::make_shared<connection>(db, opts.access);
    sqlite3_extended_result_codes(db, 1);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    if (opts.max_value_bytes > 0) {
        sqlite3_limit(
            db,
            SQLITE_LIMIT_LENGTH,
            static_cast<int>(std::min<std::size_t>(opts.max_value_bytes, 1'000'000'000))
        );
    }
    sqlite3_busy_timeout(db, static_cast<int>(opts.busy_timeout.count()));
    if (opts.access == access_mode::read_only) {
        // Set before the authorizer exists: the authorizer refuses pragma writes afterwards.
        char* err = nullptr;
        if (sqlite3_exec(db, "PRAGMA query_only=1", nullptr, nullptr, &err) != SQLITE_OK) {
            std::string error =
                "cannot set query_only on " + opts.path + ": " + (err ? err : "unknown error");
            sqlite3_free(err);
            return error;
        }
    }
    // Reading the schema fails here (not at the first call) when the file is not a database.
    char* err = nullptr;
    if (sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, &err) !=
        SQLITE_OK) {
        std::string error = "cannot read " + opts.path + ": " + (err ? err : "unknown error");
        sqlite3_free(err);
        return error;
    }
    sqlite3_set_authorizer(db, &connection::authorize, conn.get());
    sqlite3_progress_handler(db, progress_interval, &connection::progress, conn.get());
    return conn;
}

void connection::arm(std::chrono::steady_clock::time_point deadline) {
    cancelled_.store(false, std::memory_order_release);
    deadline_ns_.store(to_ns(deadline), std::memory_order_release);
    armed_.store(true, std::memory_order_release);
    refusal_.clear();
}

bool connection::finish_call() {
    armed_.store(false, std::memory_order_release);
    bool clean = true;
    if (sqlite3_get_autocommit(db_) == 0) {
        // One statement per call: a transaction never outlives its call.
        clean = sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    return clean && !cancelled();
}

void connection::cancel() {
    cancelled_.store(true, std::memory_order_release);
    sqlite3_interrupt(db_);
}

bool connection::deadline_passed() const {
    return to_ns(std::chrono::steady_clock::now()) >= deadline_ns_.load(std::memory_order_acquire);
}

int connection::progress(void* self) {
    auto* c = static_cast<connection*>(self);
    if (!c->armed_.load(std::memory_order_acquire)) {
        return 0;
    }
    return (c->cancelled() || c->deadline_passed()) ? 1 : 0;
}

int connection::refuse(std::string reason) {
    if (refusal_.empty()) {
        refusal_ = std::move(reason);
    }
    return SQLITE_DENY;
}

int connection::authorize(
    void* self,
    int action,
    const char* a,
    const char* b,
    const char* db,
    const char* trigger
) {
    (void)db, (void)trigger;
    auto* c = static_cast<connection*>(self);
    switch (action) {
        case SQLITE_ATTACH:
        case SQLITE_DETACH:
            return c->refuse("ATTACH and DETACH are not allowed");
        case SQLITE_FUNCTION:
            if (one_of(b, denied_functions)) {
                return c->refuse(std::string("function ") + b + "() is not allowed");
            }
            return SQLITE_OK;
        default:
            break;
    }
    if (c->access_ == access_mode::read_write) {
        return SQLITE_OK;
    }
    switch (action) {
        case SQLITE_SELECT:
        case SQLITE_READ:
        case SQLITE_RECURSIVE:
        case SQLITE_TRANSACTION:
        case SQLITE_SAVEPOINT:
            return SQLITE_OK;
        case SQLITE_UPDATE:
            // SQLite raises this itself, for every column of the schema table, when a
            // connection first uses a pragma table-valued function (pragma_table_xinfo(),
            // pragma_table_list...): the eponymous virtual table is declared then. Nothing can
            // write here anyway (read-only open, query_only, DEFENSIVE), and a statement that
            // would write is refused by sqlite3_stmt_readonly() before it runs.
            if (is_schema_table(a)) {
                return SQLITE_OK;
            }
            return c->refuse("the server is read_only: only reading statements are allowed");
        case SQLITE_PRAGMA:
            if (b != nullptr && !one_of(a, reading_pragmas_with_argument)) {
                return c->refuse(
                    std::string("PRAGMA ") + (a ? a : "") +
                    " with an argument is not allowed on a read_only server"
                );
            }
            if (b == nullptr && one_of(a, writing_pragmas_without_argument)) {
                return c->refuse(
                    std::string("PRAGMA ") + a + " is not allowed on a read_only server"
                );
            }
            return SQLITE_OK;
        default:
            return c->refuse("the server is read_only: only reading statements are allowed");
    }
}

}  // namespace mcpgw::backends::sqlite
