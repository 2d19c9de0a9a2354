// The Redis part of the escape suite: commands that would write, administer, script, block
// or change the session, each refused by the gateway, and the data (plus the server's
// configuration, ACL users, functions, scripts and replication role) verified unchanged
// afterwards with a direct hiredis client.
#include "redis_fixture.hpp"

namespace mcpgw::itest::redis {
namespace {

struct attempt {
    const char* what;
    const char* server;  // "ro" or "rw"
    std::string command;
    std::vector<std::string> args;
    const char* code;  // expected error code
};

class RedisEscape : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto srv = shared_server();
        host_ = srv.host;
        port_ = srv.port;
        auto at = address(host_, port_);
        // rw may write plain data: refusals below are not just "read_only".
        gw_ = start_gateway(gateway_yaml(
            "  - {name: ro, type: redis, " + at + "}\n" + "  - {name: rw, type: redis, " + at +
            ", access: read_write}\n"
        ));
    }
    static void TearDownTestSuite() { stop_gateway(gw_); }

    void SetUp() override {
        ASSERT_TRUE(gw_ && gw_->started());
        p_ = "itest:escape:" + nonce() + ":";
        db_ = std::make_unique<direct_client>(host_, port_);
        db_->run({"SET", p_ + "k", "original"});
        db_->run({"RPUSH", p_ + "list", "3", "1", "2"});
        db_->run({"HSET", p_ + "h", "f", "v"});
        db_->run({"GEOADD", p_ + "geo", "13.361389", "38.115556", "Palermo"});
        direct_client other(host_, port_, 9);
        other.run({"SET", p_ + "in9", "db nine"});
        client_ = std::make_unique<mcp_client>(gw_->port());
        ASSERT_EQ(client_->initialize("2025-06-18").status, 200);
        before_ = snapshot();
    }
    void TearDown() override {
        if (db_) {
            db_->run({"DEL", p_ + "k", p_ + "list", p_ + "h", p_ + "geo", p_ + "dst"});
            direct_client other(host_, port_, 9);
            other.run({"DEL", p_ + "in9"});
        }
    }

    // Everything an escape could change, as one comparable text.
    std::string snapshot() {
        std::string s;
        for (const char* key : {"k", "list", "h", "geo", "dst", "pwned"}) {
            auto dump = db_->run({"DUMP", p_ + key});
            s += std::string(key) + "=" + (dump.is_nil() ? "nil" : dump.str) + ";";
        }
        direct_client other(host_, port_, 9);
        s += "in9=" + other.get(p_ + "in9") + ";";
        auto users = db_->run({"ACL", "USERS"});
        for (const auto& u : users.elements) {
            s += "user=" + u.str + ";";
        }
        for (const char* param : {"maxmemory", "requirepass", "appendonly", "save", "dir"}) {
            auto c = db_->run({"CONFIG", "GET", param});
            s +=
                std::string(param) + "=" + (c.elements.size() == 2 ? c.elements[1].str : "?") + ";";
        }
        s += "functions=" + std::to_string(db_->run({"FUNCTION", "LIST"}).elements.size()) + ";";
        auto exists = db_->run({"SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"});
        s += "script=" + std::to_string(exists.elements.empty() ? -1 : exists.elements[0].integer) +
             ";";
        s += "role=" + db_->run({"ROLE"}).elements.at(0).str + ";";
        s += "modules=" + std::to_string(db_->run({"MODULE", "LIST"}).elements.size()) + ";";
        return s;
    }

    void expect_refused(const attempt& a) {
        json args = json::array();
        for (const auto& x : a.args) {
            args.push_back(x);
        }
        auto r = call(
            *client_,
            "redis_command",
            {{"server", a.server}, {"command", a.command}, {"args", args}}
        );
        EXPECT_EQ(error_code(r), a.code) << a.what << ": " << r;
        EXPECT_EQ(db_->run({"PING"}).str, "PONG") << a.what << ": the server must still answer";
        EXPECT_EQ(snapshot(), before_) << a.what << " changed something";
        EXPECT_EQ(db_->get(p_ + "k"), "original") << a.what;
    }

    static inline std::string host_;
    static inline int port_ = 0;
    static inline std::unique_ptr<gateway_process> gw_;
    std::string p_;
    std::string before_;
    std::unique_ptr<direct_client> db_;
    std::unique_ptr<mcp_client> client_;
};

TEST_F(RedisEscape, EveryAttemptIsRefusedAndNothingChanges) {
    using namespace std::string_literals;
    const std::string lua_set = "redis.call('set', KEYS[1], 'pwned') return 1";
    const std::vector<attempt> attempts{
        {"FLUSHALL", "rw", "FLUSHALL", {}, "refused"},
        {"odd casing fLuShAlL", "rw", "fLuShAlL", {}, "refused"},
        {"FLUSHALL ASYNC", "rw", "flushall", {"ASYNC"}, "refused"},
        {"FLUSHDB", "rw", "FLUSHDB", {}, "refused"},
        {"CONFIG SET", "rw", "CONFIG", {"SET", "maxmemory", "1mb"}, "refused"},
        {"CONFIG GET requirepass", "ro", "CONFIG", {"GET", "requirepass"}, "refused"},
        {"EVAL that writes", "rw", "EVAL", {lua_set, "1", p_ + "k"}, "refused"},
        {"EVAL_RO",
         "ro",
         "EVAL_RO",
         {"return redis.call('get', KEYS[1])", "1", p_ + "k"},
         "refused"},
        {"EVALSHA", "rw", "EVALSHA", {"e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"}, "refused"},
        {"SCRIPT LOAD", "rw", "SCRIPT", {"LOAD", "return 1"}, "refused"},
        {"FUNCTION LOAD",
         "rw",
         "FUNCTION",
         {"LOAD", "#!lua name=pwn\nredis.register_function('pwn', function() return 1 end)"},
         "refused"},
        {"FCALL", "rw", "FCALL", {"pwn", "0"}, "refused"},
        {"MULTI", "rw", "MULTI", {}, "refused"},
        {"EXEC", "rw", "EXEC", {}, "refused"},
        {"DEBUG SET-ACTIVE-EXPIRE", "rw", "DEBUG", {"SET-ACTIVE-EXPIRE", "0"}, "refused"},
        {"SHUTDOWN", "rw", "SHUTDOWN", {"NOSAVE"}, "refused"},
        {"SORT ... STORE on read_only",
         "ro",
         "SORT",
         {p_ + "list", "STORE", p_ + "dst"},
         "refused"},
        {"SORT ... STORE on read_write",
         "rw",
         "SORT",
         {p_ + "list", "store", p_ + "dst"},
         "refused"},
        {"GEORADIUS ... STORE on read_only",
         "ro",
         "GEORADIUS",
         {p_ + "geo", "15", "37", "200", "km", "STORE", p_ + "dst"},
         "refused"},
        {"ACL SETUSER", "rw", "ACL", {"SETUSER", "pwned", "on", ">pw", "~*", "+@all"}, "refused"},
        {"MIGRATE",
         "rw",
         "MIGRATE",
         {host_, std::to_string(port_), p_ + "k", "9", "1000"},
         "refused"},
        {"KEYS *", "ro", "KEYS", {"*"}, "refused"},
        {"MODULE LOAD", "rw", "MODULE", {"LOAD", "/tmp/nonexistent.so"}, "refused"},
        {"SWAPDB", "rw", "SWAPDB", {"0", "9"}, "refused"},
        {"SELECT", "rw", "SELECT", {"9"}, "refused"},
        {"REPLICAOF", "rw", "REPLICAOF", {"127.0.0.1", "1"}, "refused"},
        {"CLIENT KILL", "rw", "CLIENT", {"KILL", "TYPE", "normal"}, "refused"},
        {"SAVE", "rw", "SAVE", {}, "refused"},
        {"BGSAVE", "rw", "BGSAVE", {}, "refused"},
        {"SET on read_only", "ro", "SET", {p_ + "k", "pwned"}, "refused"},
        {"DEL on read_only", "ro", "del", {p_ + "k"}, "refused"},
        {"RESTORE", "rw", "RESTORE", {p_ + "pwned", "0", "x"}, "refused"},
        {"PUBLISH", "rw", "PUBLISH", {"c", "m"}, "refused"},
        {"SUBSCRIBE", "ro", "SUBSCRIBE", {"c"}, "refused"},
        {"BLPOP not allowed", "rw", "BLPOP", {p_ + "list", "1"}, "refused"},
        {"AUTH", "rw", "AUTH", {"default", "x"}, "refused"},
        {"HELLO", "rw", "HELLO", {"3"}, "refused"},
        {"RESET", "rw", "RESET", {}, "refused"},
        // Issue 10: Redis reads options only up to a NUL byte (RedisOptionEscape has more).
        {"SORT STORE\\0 on read_only",
         "ro",
         "SORT",
         {p_ + "list", "STORE\0"s, p_ + "dst"},
         "invalid_argument"},
        {"SORT missing STORE\\0 k",
         "ro",
         "SORT",
         {p_ + "none", "STORE\0"s, p_ + "k"},
         "invalid_argument"},
        {"GEORADIUS STOREDIST\\0",
         "ro",
         "GEORADIUS",
         {p_ + "geo", "15", "37", "200", "km", "STOREDIST\0"s, p_ + "dst"},
         "invalid_argument"},
        {"XREAD BLOCK\\0",
         "ro",
         "XREAD",
         {"BLOCK\0"s, "0", "STREAMS", p_ + "k", "$"},
         "invalid_argument"},
        {"FLUSHALL with a NUL-suffixed name", "rw", "FLUSHALL\0"s + "1", {}, "invalid_argument"},
        {"PFCOUNT of one key", "ro", "PFCOUNT", {p_ + "k"}, "refused"},
        {"TOUCH", "ro", "TOUCH", {p_ + "k"}, "refused"},
        {"SRANDMEMBER with a huge negative count",
         "ro",
         "SRANDMEMBER",
         {p_ + "k", "-80000000"},
         "refused"},
        {"stacked in the name", "rw", "GET k\r\nFLUSHALL", {}, "invalid_argument"},
        {"a command as its argument", "ro", "GET", {"k\r\n*1\r\n$8\r\nFLUSHALL\r\n"}, ""},
    };
    ASSERT_GE(attempts.size(), 30U);
    for (const auto& a : attempts) {
        SCOPED_TRACE(a.what);
        expect_refused(a);
    }
}

}  // namespace
}  // namespace mcpgw::itest::redis
