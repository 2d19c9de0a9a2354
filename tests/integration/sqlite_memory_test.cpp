// Issue 10, item 8 (SQLite): memory and time per call. One SQL function call can build a
// value of any size before the progress handler runs again (randomblob(900000000) took the
// gateway to 1.16 GiB; printf('%.*c', 800000000, 'x') ran 35 s past a 5 s budget).
// SQLITE_LIMIT_LENGTH, sized from max_result_bytes (+ 1 MiB), stops both inside SQLite with a
// refusal that names the limit. Measured on the gateway process (VmHWM from /proc).
#include "support/memory_bound.hpp"
#include "support/sqlite_db.hpp"
#include "support/suite.hpp"

#include <fstream>
#include <iostream>

namespace mcpgw::itest {
namespace {

using clock = std::chrono::steady_clock;

class SqliteMemory : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        data_ = std::make_unique<temp_dir>();
        std::string db = data_->path() + "/memory.db";
        build_sqlite_db(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);");
        gw_ = start_gateway(
            "servers:\n"
            "  - {name: ro, type: sqlite, path: \"" +
            db +
            "\", access: read_only, timeout: 5s}\n"
            "  - {name: rw, type: sqlite, path: \"" +
            db + "\", access: read_write, timeout: 5s}\n"
        );
    }
    static void TearDownTestSuite() {
        stop_gateway(gw_);
        data_.reset();
    }
    void SetUp() override {
        ASSERT_TRUE(gw_ && gw_->started());
        client_ = std::make_unique<mcp_client>(gw_->port());
        ASSERT_EQ(client_->initialize("2025-06-18").status, 200);
    }

    json query(const std::string& server, const std::string& sql) {
        auto r = client_->call_tool("sqlite_query", {{"server", server}, {"sql", sql}});
        EXPECT_TRUE(r.contains("result")) << r;
        return r.value("result", json::object());
    }
    static std::string code_of(const json& result) {
        if (!result.value("isError", false)) {
            return "";
        }
        return result["_meta"]["mcpgw/error"].value("code", "?");
    }

    // The attack is refused, naming the limit, quickly and within the memory bound. SQLite's
    // printf() answers NULL instead of an error when it reaches the limit (`null_ok`).
    void attack(const std::string& server, const std::string& sql, bool null_ok = false) {
        auto warm = query(server, "SELECT length(randomblob(100000))");
        EXPECT_EQ(code_of(warm), "") << warm;
        pid_t pid = gw_->process().pid();
        auto base = status_kib(pid, "VmHWM");
        auto started = clock::now();
        auto r = query(server, sql);
        auto took = clock::now() - started;
        auto peak = status_kib(pid, "VmHWM");
        std::cout << "[ memory   ] " << server << ": " << sql << ": VmHWM " << base / 1024 << " -> "
                  << peak / 1024 << " MiB, "
                  << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms\n";
        if (null_ok && code_of(r).empty()) {
            EXPECT_EQ(r["structuredContent"]["rows"], json::parse("[[null]]")) << r;
        } else {
            EXPECT_EQ(code_of(r), "refused") << r.dump().substr(0, 400);
            auto message = r["_meta"]["mcpgw/error"].value("message", "");
            EXPECT_NE(message.find("max_result_bytes"), std::string::npos) << r;
            EXPECT_NE(message.find("2097152 bytes"), std::string::npos) << r;
        }
        EXPECT_LT(took, 5s);
        expect_within_bound(peak > base ? peak - base : 0, bound_kib);
        auto ok = query(server, "SELECT 1 AS one");
        EXPECT_EQ(ok["structuredContent"]["rows"], json::parse("[[1]]")) << ok;
    }

    static inline std::unique_ptr<temp_dir> data_;
    static inline std::unique_ptr<gateway_process> gw_;
    std::unique_ptr<mcp_client> client_;
};

TEST_F(SqliteMemory, HugeRandomblobIsRefusedByTheLengthLimit) {
    attack("ro", "SELECT randomblob(900000000)");
    attack("rw", "SELECT length(randomblob(900000000))");
}

TEST_F(SqliteMemory, HugePrintfIsRefusedByTheLengthLimit) {
    // The progress handler cannot interrupt one printf() call: only the length limit stops it.
    attack("ro", "SELECT printf('%.*c', 800000000, 'x')", true);
    attack("ro", "SELECT length(printf('%.*c', 800000000, 'x'))", true);
}

TEST_F(SqliteMemory, OtherValueBuildersAreBoundToo) {
    attack("ro", "SELECT zeroblob(900000000)");
    attack("ro", "SELECT length(replace(hex(randomblob(900000)), '0', '000000000000'))");
    attack(
        "ro",
        "WITH RECURSIVE r(s) AS (SELECT 'x' UNION ALL SELECT s || s FROM r LIMIT 40) "
        "SELECT length(max(s)) FROM r"
    );
}

TEST_F(SqliteMemory, ValuesUnderTheLimitStillWork) {
    auto r =
        query("ro", "SELECT length(randomblob(1500000)), length(printf('%.*c', 2000000, 'x'))");
    EXPECT_EQ(code_of(r), "") << r;
    EXPECT_EQ(r["structuredContent"]["rows"], json::parse("[[1500000, 2000000]]")) << r;
    // A value over max_result_bytes but under the limit: truncated as before, not refused.
    auto big = query("ro", "SELECT printf('%.*c', 1500000, 'x')");
    EXPECT_EQ(code_of(big), "") << big.dump().substr(0, 300);
    EXPECT_EQ(big["structuredContent"]["truncated"], true);
    EXPECT_EQ(big["structuredContent"]["truncated_reason"], "max_result_bytes");
}

}  // namespace
}  // namespace mcpgw::itest
