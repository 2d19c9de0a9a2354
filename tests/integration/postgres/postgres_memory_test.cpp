// Issue 10, item 8: memory per call. One call never holds more than 4 x max_result_bytes +
// 16 MiB, whatever the server sends: a single 300 MB value, a 300 MB row of many columns, a
// huge bytea, four such calls at once. Measured on the gateway process (VmHWM, the peak
// resident set since it started, from /proc), and afterwards: the statement no longer runs on
// the server, no connection of the gateway is left reading, the next call works.
#include "pg_fixture.hpp"
#include "support/memory_bound.hpp"

#include <fstream>
#include <future>

namespace mcpgw::itest {
namespace {

using namespace pg;
using clock = std::chrono::steady_clock;

class PostgresMemory : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        env_ = std::make_unique<server_env>(fixture_env());
        admin_ = std::make_unique<direct_conn>(admin_conninfo(*env_));
        app_ = unique_name("mcpgw_m");
        gw_ = start_gateway(
            "servers:\n" +
            server_line(
                *env_,
                "ro",
                "read_only",
                "application_name: " + app_ + ", statement_timeout: 60s"
            ) +
            server_line(
                *env_,
                "rw",
                "read_write",
                "application_name: " + app_ + ", statement_timeout: 60s"
            ) +
            server_line(
                *env_,
                "big",
                "read_only",
                "application_name: " + app_ +
                    ", statement_timeout: 60s, max_rows: 1000000, max_result_bytes: 5242880"
            ) +
            "limits: {drain_timeout: 2s}\n"
        );
    }
    static void TearDownTestSuite() {
        stop_gateway(gw_);
        admin_.reset();
        env_.reset();
    }
    void SetUp() override { ASSERT_TRUE(gw_ && gw_->started()); }

    static json query(const std::string& server, const std::string& sql) {
        return call_tool(gw_->port(), "postgres_query", {{"server", server}, {"sql", sql}});
    }
    static pid_t pid() { return gw_->process().pid(); }

    /// Runs `sql` on `server` `parallel` times at once; each answer must be a truncated
    /// table (max_result_bytes). Returns the peak resident growth in KiB.
    static std::size_t attack(const std::string& server, const std::string& sql, int parallel) {
        // Warm: a connection per parallel call and the allocator's arenas.
        std::vector<std::future<json>> warm;
        for (int i = 0; i < parallel; ++i) {
            warm.push_back(std::async(std::launch::async, [&server] {
                return query(server, "SELECT repeat('x', 1000) FROM generate_series(1, 200)");
            }));
        }
        for (auto& w : warm) {
            EXPECT_EQ(error_code(w.get()), "");
        }
        auto base = status_kib(pid(), "VmHWM");
        std::vector<std::future<json>> calls;
        auto started = clock::now();
        for (int i = 0; i < parallel; ++i) {
            calls.push_back(std::async(std::launch::async, [&server, &sql] {
                return query(server, sql);
            }));
        }
        for (auto& c : calls) {
            auto r = c.get();
            EXPECT_EQ(error_code(r), "") << r.dump().substr(0, 400);
            EXPECT_EQ(r["structuredContent"]["truncated"], true) << r.dump().substr(0, 400);
            EXPECT_EQ(r["structuredContent"]["truncated_reason"], "max_result_bytes");
        }
        EXPECT_LT(clock::now() - started, 30s);
        auto peak = status_kib(pid(), "VmHWM");
        auto grown = peak > base ? peak - base : 0;
        std::cout << "[ memory   ] " << server << " x" << parallel << ": " << sql.substr(0, 60)
                  << "...: VmHWM " << base / 1024 << " -> " << peak / 1024 << " MiB, VmRSS after "
                  << status_kib(pid(), "VmRSS") / 1024 << " MiB\n";
        // Afterwards: nothing of it still runs on the server, and the gateway serves.
        EXPECT_TRUE(eventually(
            [] {
                return admin_->scalar(
                           "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" +
                           app_ + "' AND state = 'active'"
                       ) == "0";
            },
            5s
        )) << "a capped statement still runs on the server";
        auto ok = query(server, "SELECT 1 AS one");
        EXPECT_EQ(ok["structuredContent"]["rows"], json::parse("[[1]]")) << ok;
        return grown;
    }

    static inline std::unique_ptr<server_env> env_;
    static inline std::unique_ptr<direct_conn> admin_;
    static inline std::string app_;
    static inline std::unique_ptr<gateway_process> gw_;
};

TEST_F(PostgresMemory, OneHugeValueStaysWithinTheBound) {
    auto grown = attack("ro", "SELECT repeat('x', 300000000)", 1);
    expect_within_bound(grown, bound_kib);
}

TEST_F(PostgresMemory, FourHugeValuesAtOnceStayWithinFourBounds) {
    // 100 MB each: four 300 MB values take the server longer to build than a client waits.
    auto grown = attack("ro", "SELECT repeat('x', 100000000)", 4);
    expect_within_bound(grown, 4 * bound_kib);
}

TEST_F(PostgresMemory, AWideRowAndAHugeByteaStayWithinTheBound) {
    std::string wide = "SELECT ";
    for (int i = 0; i < 30; ++i) {
        wide +=
            (i == 0 ? "" : ", ") + std::string("repeat('y', 10000000) AS c") + std::to_string(i);
    }
    expect_within_bound(attack("ro", wide, 1), bound_kib);
    expect_within_bound(
        attack("rw", "SELECT decode(repeat('ab', 100000000), 'hex')", 1),
        bound_kib
    );
}

// Many tiny cells: each counts what holding it costs, not only its JSON length (1,600
// one-digit columns took the gateway 16 -> 61 MiB under a 1 MiB cap when a cell counted 2).
TEST_F(PostgresMemory, ManyTinyCellsStayWithinTheBound) {
    std::string sql = "SELECT ";
    for (int i = 0; i < 1600; ++i) {
        sql += (i == 0 ? "" : ", ") + std::string("1 AS c") + std::to_string(i);
    }
    sql += " FROM generate_series(1, 1000)";
    expect_within_bound(attack("ro", sql, 1), bound_kib);
}

// Raised caps (max_rows 1,000,000, max_result_bytes 5 MiB: bound 36 MiB): a million tiny rows
// (900,000 took the gateway 16 -> 219 MiB when a row counted 5 bytes) are cut by the byte
// cap, within the bound, before the wire cap.
TEST_F(PostgresMemory, AMillionTinyRowsUnderRaisedCapsStayWithinTheBound) {
    const std::size_t big_bound_kib = (4 * 5242880 + 16 * 1024 * 1024) / 1024;
    expect_within_bound(
        attack("big", "SELECT 1 AS one FROM generate_series(1, 1000000)", 1),
        big_bound_kib
    );
}

TEST_F(PostgresMemory, ResultsUnderTheCapsAreUnchanged) {
    // 900 rows of 1 KB: under max_result_bytes, read in full as before.
    auto r = query("ro", "SELECT repeat('z', 1000) AS z FROM generate_series(1, 900)");
    EXPECT_EQ(r["structuredContent"]["row_count"], 900) << r.dump().substr(0, 300);
    EXPECT_EQ(r["structuredContent"]["truncated"], false);
    // Rows past the byte cap: truncated by the row builder at the cap, as before.
    auto many = query("ro", "SELECT repeat('z', 3000) AS z FROM generate_series(1, 900)");
    EXPECT_EQ(many["structuredContent"]["truncated"], true);
    EXPECT_EQ(many["structuredContent"]["truncated_reason"], "max_result_bytes");
    EXPECT_GT(many["structuredContent"]["row_count"].get<int>(), 300);
}

}  // namespace
}  // namespace mcpgw::itest
