// Issue 10, item 1 (MariaDB): the statement guard reads a statement the way MariaDB 10.11's
// lexer does, checked case by case against the real server. Each attempt hides a side effect
// (SLEEP, GET_LOCK, BENCHMARK) where one reading sees code and the other a comment or a
// string; afterwards the call must not have slept, no lock may be held, the victim session
// must be alive and the rows unchanged. Statements that the server reads as harmless must be
// answered exactly as the server answers them (no false refusal where the rules are known).
#include "mariadb_support.hpp"

#include <chrono>

namespace mcpgw::itest {
namespace {

using clock = std::chrono::steady_clock;

struct attempt {
    const char* what;
    std::string sql;
};

class MysqlGuard : public mysql_gateway_test {
protected:
    void SetUp() override {
        direct_connection db(env_);
        db.exec("CREATE TABLE IF NOT EXISTS gw_guard (id INT PRIMARY KEY, v INT)");
        db.exec("INSERT IGNORE INTO gw_guard VALUES (1, 10), (2, 20)");
        start(
            mysql_server(env_, "ro", "read_only", ", statement_timeout: 20s") +
            mysql_server(env_, "rw", "read_write", ", statement_timeout: 20s")
        );
        victim_ = std::make_unique<direct_connection>(env_);
        victim_id_ = victim_->scalar("SELECT CONNECTION_ID()");
    }

    std::string fingerprint() {
        direct_connection root(env_, true);
        std::string out;
        for (const auto& row : root.rows("SELECT id, v FROM gw_guard ORDER BY id")) {
            out += *row[0] + "=" + *row[1] + ";";
        }
        out += " lock_free=" + root.scalar("SELECT IS_FREE_LOCK('gw_guard_lock')");
        return out;
    }

    // The attempt is refused, fast (nothing slept), and nothing changed; the victim lives.
    void expect_refused(const std::string& server, const attempt& a) {
        auto before = fingerprint();
        auto started = clock::now();
        auto r = call("mysql_query", {{"server", server}, {"sql", a.sql}});
        auto took = clock::now() - started;
        EXPECT_EQ(error_code_of(r), "refused") << server << " / " << a.what << ": " << r;
        EXPECT_LT(took, 1500ms) << a.what << " ran";
        EXPECT_EQ(fingerprint(), before) << a.what << " changed something";
        EXPECT_EQ(victim_->scalar("SELECT CONNECTION_ID()"), victim_id_) << a.what;
    }

    // The gateway answers what the server answers to the same text (run directly).
    void expect_same_as_server(const attempt& a) {
        auto direct = victim_->rows(a.sql);
        auto r = call("mysql_query", {{"server", "ro"}, {"sql", a.sql}});
        ASSERT_EQ(error_code_of(r), "") << a.what << ": " << r;
        json expected = json::array();
        for (const auto& row : direct) {
            json out = json::array();
            for (const auto& v : row) {
                out.push_back(v ? json(*v) : json());
            }
            expected.push_back(out);
        }
        // Numbers come back typed through the gateway: compare as text.
        json got = json::array();
        for (const auto& row : rows_of(r)) {
            json out = json::array();
            for (const auto& v : row) {
                out.push_back(v.is_string() || v.is_null() ? v : json(v.dump()));
            }
            got.push_back(out);
        }
        EXPECT_EQ(got, expected) << a.what;
    }

    std::unique_ptr<direct_connection> victim_;
    std::string victim_id_;
};

// What MariaDB runs but a lexer off by one rule would not see.
TEST_F(MysqlGuard, HiddenCodeIsRefusedAndHasNoEffect) {
    const std::vector<attempt> attempts = {
        // A versioned comment the server skips ends at the first */, quotes and all: the
        // string the code reading sees is not there for the server.
        {"skipped version comment, quote inside", "SELECT 1 /*!99999 ' */, SLEEP(3) # ' */"},
        {"skipped MySQL-5.7 version comment", "SELECT 1 /*!50700 ' */, SLEEP(3) # ' */"},
        {"version newer than the server", "SELECT 1 /*!110000 ' */, SLEEP(3) # ' */"},
        {"skipped MariaDB version comment", "SELECT 1 /*M!999999 ' */, SLEEP(3) # ' */"},
        {"lock through a skipped comment",
         "SELECT 1 /*!99999 ' */, GET_LOCK('gw_guard_lock', 0), SLEEP(2) # ' */"},
        // Executable comments whose body runs.
        {"executable comment", "SELECT 1 /*! , SLEEP(3) */"},
        {"old versioned executable comment", "SELECT 1 /*!40000 , SLEEP(3) */"},
        {"MariaDB executable comment", "SELECT 1 /*M! , SLEEP(3) */"},
        {"MariaDB versioned executable comment", "SELECT 1 /*M!100100 , SLEEP(3) */"},
        {"benchmark in an executable comment", "SELECT /*!BENCHMARK(50000000, MD5('x')) */"},
        // A backtick identifier has no backslash escapes.
        {"backslash before a backtick", "SELECT 1 AS `a\\`, SLEEP(3) -- `"},
        // A NUL byte: MariaDB ends a # comment there.
        {"NUL in a hash comment", std::string("SELECT 1 # x\0\n, SLEEP(3)", 24)},
        {"NUL in a string", std::string("SELECT 'a\0', SLEEP(3)", 21)},
        // Optimizer hints with quotes (MySQL 8 lexes them differently from a comment).
        {"hint with a quote", "SELECT /*+ QB_NAME(`*/ , SLEEP(3) -- `) */ 1"},
        // A call whose name is glued to a number.
        {"number then name", "SELECT 1 + 1.SLEEP(3)"},
    };
    for (const auto& a : attempts) {
        expect_refused("ro", a);
        expect_refused("rw", a);
    }
}

// What MariaDB reads as a comment or a string: answered as the server answers it.
TEST_F(MysqlGuard, CommentsAndStringsEndWhereMariadbEndsThem) {
    const std::vector<attempt> same = {
        // "--" needs whitespace or a control character after it, DEL included.
        {"dash dash DEL", "SELECT 1 --\x7f, SLEEP(3)\n, 2"},
        {"dash dash CR", "SELECT 1 --\r, SLEEP(3)\n, 2"},
        {"dash dash tab", "SELECT 1 --\t, SLEEP(3)\n, 2"},
        {"dash dash at the end", "SELECT 1 --"},
        {"arithmetic", "SELECT 1--1, 3 --1"},
        // # and -- comments end at \n only: a \r does not end them.
        {"hash comment, CR", "SELECT 1 # \r, SLEEP(3)\n, 2"},
        {"dash comment, CR inside", "SELECT 1 -- x\r, SLEEP(3)\n, 2"},
        // Backslash escapes (sql_mode pinned without NO_BACKSLASH_ESCAPES) and doubled quotes.
        {"backslash quote", "SELECT 'a\\', SLEEP(3) -- '"},
        {"doubled quote", "SELECT 'a'', SLEEP(3) -- '"},
        {"double-quoted string, backslash", "SELECT \"a\\\", SLEEP(3) -- \""},
        {"double-quoted string, doubled", "SELECT \"a\"\", SLEEP(3) -- \""},
        {"backslash quote then stacked", "SELECT '\\'; DELETE FROM gw_guard; -- '"},
        {"doubled backticks", "SELECT 1 AS `a``, SLEEP(3) -- `"},
        // Plain comments do not nest; an executable body is code.
        {"block comment", "SELECT 1 /* , SLEEP(3) /* */, 2"},
        {"executable comment", "SELECT 1 /*! , 2 */"},
        {"old versioned comment", "SELECT /*!40001 SQL_NO_CACHE */ 1"},
        {"comment in an executable comment", "SELECT 1 /*! , 2 /* , SLEEP(3) */ , 3 */"},
        {"hint without quotes", "SELECT /*+ NO_ICP(gw_guard) */ id FROM gw_guard ORDER BY id"},
        {"identifier starting with digits", "SELECT 1 AS 1e, 2 AS 1x"},
    };
    for (const auto& a : same) {
        auto started = clock::now();
        expect_same_as_server(a);
        EXPECT_LT(clock::now() - started, 1500ms) << a.what;
    }
    EXPECT_EQ(victim_->scalar("SELECT CONNECTION_ID()"), victim_id_);
}

// The session's sql_mode is pinned: a server whose global mode has ANSI_QUOTES and
// NO_BACKSLASH_ESCAPES still lexes gateway statements with the rules the guard follows.
TEST_F(MysqlGuard, SqlModeIsPinnedWhateverTheServerDefault) {
    direct_connection root(env_, true);
    auto old_mode = root.scalar("SELECT @@GLOBAL.sql_mode");
    root.exec("SET GLOBAL sql_mode = 'ANSI_QUOTES,NO_BACKSLASH_ESCAPES,STRICT_TRANS_TABLES'");
    client_.reset();
    stop_gateway(gw_);
    start(mysql_server(env_, "ro", "read_only") + mysql_server(env_, "pinned_ansi", "read_only"));
    auto mode = call("mysql_query", {{"server", "ro"}, {"sql", "SELECT @@SESSION.sql_mode"}});
    root.exec("SET GLOBAL sql_mode = '" + old_mode + "'");
    ASSERT_EQ(error_code_of(mode), "") << mode;
    auto text = rows_of(mode)[0][0].get<std::string>();
    EXPECT_EQ(text.find("ANSI_QUOTES"), std::string::npos) << text;
    EXPECT_EQ(text.find("NO_BACKSLASH_ESCAPES"), std::string::npos) << text;
    EXPECT_NE(text.find("STRICT_TRANS_TABLES"), std::string::npos) << text;
    // Under ANSI_QUOTES and NO_BACKSLASH_ESCAPES this would run SLEEP; pinned, it is a string.
    auto started = clock::now();
    auto r = call("mysql_query", {{"server", "ro"}, {"sql", "SELECT \"a\\\", SLEEP(3) -- \""}});
    EXPECT_EQ(error_code_of(r), "") << r;
    EXPECT_EQ(rows_of(r)[0][0], "a\", SLEEP(3) -- ") << r;
    EXPECT_LT(clock::now() - started, 1500ms);
}

}  // namespace
}  // namespace mcpgw::itest
