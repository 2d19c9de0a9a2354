// The MySQL/MariaDB part of the escape suite: each attempt must be refused through
// mysql_query AND leave the data (and the server's users, grants, settings and files)
// unchanged, checked with a direct connection behind the gateway's back.
#include "mariadb_support.hpp"

#include <filesystem>

namespace mcpgw::itest {
namespace {

struct attempt {
    const char* what;
    const char* sql;
};

// Refused on a read_only server.
const attempt read_only_attempts[] = {
    {"plain delete", "DELETE FROM gw_escape"},
    {"odd casing", "dElEtE fRoM gw_escape"},
    {"update", "UPDATE gw_escape SET v = 0"},
    {"insert", "INSERT INTO gw_escape VALUES (99, 99)"},
    {"replace", "REPLACE INTO gw_escape VALUES (1, 0)"},
    {"version comment", "/*!50000 DELETE FROM gw_escape */"},
    {"MariaDB version comment", "/*M!100000 DROP TABLE gw_escape */"},
    {"version comment after a select", "SELECT 1 /*! ; DELETE FROM gw_escape */"},
    {"stacked", "SELECT 1; DELETE FROM gw_escape"},
    {"stacked after a hash comment", "SELECT 1 # x\n; DELETE FROM gw_escape"},
    {"stacked after a dash comment", "SELECT 1 -- x\n; DELETE FROM gw_escape"},
    {"stacked after an executable comment", "SELECT 1 /*!40000 ; DELETE FROM gw_escape */"},
    {"cte that deletes", "WITH x AS (SELECT 1) DELETE FROM gw_escape"},
    {"into outfile", "SELECT * FROM gw_escape INTO OUTFILE '/tmp/gw_escape_out.txt'"},
    {"into dumpfile", "SELECT v FROM gw_escape LIMIT 1 INTO DUMPFILE '/tmp/gw_escape_dump.bin'"},
    {"load data infile", "LOAD DATA INFILE '/etc/hostname' INTO TABLE gw_escape"},
    {"load data local", "LOAD DATA LOCAL INFILE '/etc/hostname' INTO TABLE gw_escape"},
    {"load_file", "SELECT LOAD_FILE('/etc/passwd')"},
    {"set session", "SET SESSION TRANSACTION READ WRITE"},
    {"set global", "SET GLOBAL read_only = 1"},
    {"set autocommit", "SET autocommit = 0"},
    {"start transaction", "START TRANSACTION"},
    {"commit", "COMMIT"},
    {"grant", "GRANT ALL PRIVILEGES ON *.* TO 'mcpgw_test'@'127.0.0.1'"},
    {"create user", "CREATE USER 'gw_evil'@'%' IDENTIFIED BY 'x'"},
    {"kill", "KILL 1"},
    {"sleep", "SELECT SLEEP(5)"},
    {"benchmark", "SELECT BENCHMARK(100000000, MD5('x'))"},
    {"get_lock", "SELECT GET_LOCK('gw', 10)"},
    {"handler", "HANDLER gw_escape OPEN"},
    {"do", "DO 1"},
    {"call", "CALL gw_escape_proc()"},
    {"prepare", "PREPARE s FROM 'DELETE FROM gw_escape'"},
    {"select into variable", "SELECT v INTO @x FROM gw_escape LIMIT 1"},
    {"select for update", "SELECT * FROM gw_escape FOR UPDATE"},
    {"use", "USE mysql"},
    {"drop", "DROP TABLE gw_escape"},
    {"truncate", "TRUNCATE gw_escape"},
    {"temporary table", "CREATE TEMPORARY TABLE gw_t (x INT)"},
    {"flush", "FLUSH PRIVILEGES"},
    {"shutdown", "SHUTDOWN"},
};

// Refused on a read_write server too (never allowed, or not opted in by `allow`).
const attempt read_write_attempts[] = {
    {"delete without opt-in", "DELETE FROM gw_escape"},
    {"drop without opt-in", "DROP TABLE gw_escape"},
    {"grant without opt-in", "GRANT SELECT ON mysql.* TO 'mcpgw_test'@'127.0.0.1'"},
    {"kill without opt-in", "KILL QUERY 1"},
    {"into outfile", "SELECT * FROM gw_escape INTO OUTFILE '/tmp/gw_escape_out.txt'"},
    {"load data", "LOAD DATA INFILE '/etc/hostname' INTO TABLE gw_escape"},
    {"load_file", "SELECT LOAD_FILE('/etc/passwd')"},
    {"set global", "SET GLOBAL max_connections = 1"},
    {"commit", "COMMIT"},
    {"sleep", "SELECT SLEEP(5)"},
    {"stacked", "INSERT INTO gw_escape VALUES (98, 98); DELETE FROM gw_escape"},
};

class MysqlEscape : public mysql_gateway_test {
protected:
    void SetUp() override {
        direct_connection db(env_);
        db.exec("CREATE TABLE IF NOT EXISTS gw_escape (id INT PRIMARY KEY, v INT)");
        db.exec("INSERT IGNORE INTO gw_escape VALUES (1, 10), (2, 20), (3, 30)");
        direct_connection root(env_, true);
        root.exec("CREATE PROCEDURE IF NOT EXISTS gw_escape_proc() DELETE FROM gw_escape");
        start(mysql_server(env_, "ro", "read_only") + mysql_server(env_, "rw", "read_write"));
    }

    // Everything an attempt could have changed, as one comparable text.
    std::string fingerprint() {
        direct_connection root(env_, true);
        std::string out;
        for (const auto& row : root.rows("SELECT id, v FROM gw_escape ORDER BY id")) {
            out += *row[0] + "=" + *row[1] + ";";
        }
        out += " tables=" +
               root.scalar(
                   "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_NAME = 'gw_escape'"
               );
        out += " users=" + root.scalar("SELECT COUNT(*) FROM mysql.user WHERE User = 'gw_evil'");
        out += " grants=" + root.scalar(
                                "SELECT COUNT(*) FROM information_schema.USER_PRIVILEGES WHERE "
                                "GRANTEE LIKE '''mcpgw_test''%'"
                            );
        out += " read_only=" + root.scalar("SELECT @@global.read_only");
        out += " max_connections=" + root.scalar("SELECT @@global.max_connections");
        out += " files=" + std::to_string(std::filesystem::exists("/tmp/gw_escape_out.txt")) +
               std::to_string(std::filesystem::exists("/tmp/gw_escape_dump.bin"));
        return out;
    }

    void expect_refused(const std::string& server, const attempt& a) {
        auto before = fingerprint();
        auto r = call("mysql_query", {{"server", server}, {"sql", a.sql}});
        EXPECT_EQ(error_code_of(r), "refused") << server << " / " << a.what << ": " << r;
        EXPECT_EQ(fingerprint(), before) << server << " / " << a.what << " changed something";
    }
};

TEST_F(MysqlEscape, ReadOnlyServerRefusesEveryAttemptAndNothingChanges) {
    auto start_print = fingerprint();
    EXPECT_NE(start_print.find("1=10;2=20;3=30;"), std::string::npos) << start_print;
    for (const auto& a : read_only_attempts) {
        expect_refused("ro", a);
    }
    EXPECT_EQ(fingerprint(), start_print);
    EXPECT_GE(std::size(read_only_attempts), 40U);
}

TEST_F(MysqlEscape, ReadWriteServerStillRefusesWhatIsNotAllowed) {
    for (const auto& a : read_write_attempts) {
        expect_refused("rw", a);
    }
}

}  // namespace
}  // namespace mcpgw::itest
