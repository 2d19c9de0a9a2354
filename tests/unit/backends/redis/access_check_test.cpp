// The access check against Redis 7.0's own command table (a recorded COMMAND reply): what
// read_only and read_write servers run by default, what `allow` opens, option-aware forms,
// subcommands, and the built-in recorded table agreeing with the fixture.
#include "command_fixture.hpp"

#include <backends/redis/access_check.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends;
using namespace mcpgw::backends::redis;
using redis::test::recorded_table;

struct row {
    const char* command;
    std::vector<std::string> args;
    bool read_only_ok;
    bool read_write_ok;
};

verdict judge(
    access_mode mode,
    const std::string& command,
    const std::vector<std::string>& args,
    std::set<std::string> allow = {}
) {
    access_policy p{mode, std::move(allow)};
    return check_command(recorded_table(), p, command, args);
}

TEST(RedisAccessCheck, FixtureParsesIntoCommandsAndSubcommands) {
    const auto& t = recorded_table();
    EXPECT_GT(t.size(), 300U);  // 240 commands plus subcommands in 7.0
    ASSERT_NE(t.find("get"), nullptr);
    EXPECT_TRUE(t.find("get")->flag("readonly"));
    EXPECT_TRUE(t.find("get")->category("@read"));
    ASSERT_NE(t.find("client"), nullptr);
    EXPECT_TRUE(t.find("client")->has_subcommands);
    ASSERT_NE(t.find("client|kill"), nullptr);
    EXPECT_TRUE(t.find("client|kill")->category("@dangerous"));
    EXPECT_TRUE(t.find("blpop")->flag("blocking"));
    EXPECT_TRUE(t.find("flushall")->category("@dangerous"));
    EXPECT_EQ(t.find("nosuchcommand"), nullptr);
}

TEST(RedisAccessCheck, DefaultsPerAccessMode) {
    const std::vector<row> rows{
        // reads
        {"GET", {"k"}, true, true},
        {"get", {"k"}, true, true},
        {"HGETALL", {"h"}, true, true},
        {"LRANGE", {"l", "0", "-1"}, true, true},
        {"SCAN", {"0", "MATCH", "user:*"}, true, true},
        {"TYPE", {"k"}, true, true},
        {"TTL", {"k"}, true, true},
        {"DBSIZE", {}, true, true},
        {"XRANGE", {"s", "-", "+"}, true, true},
        {"ZRANGE", {"z", "0", "-1"}, true, true},
        {"SORT_RO", {"l"}, true, true},
        {"GEORADIUS_RO", {"g", "0", "0", "10", "km"}, true, true},
        // informational without the readonly flag
        {"INFO", {}, true, true},
        {"PING", {}, true, true},
        {"TIME", {}, true, true},
        {"COMMAND", {"COUNT"}, true, true},
        // subcommands
        {"OBJECT", {"ENCODING", "k"}, true, true},
        {"MEMORY", {"USAGE", "k"}, true, true},
        {"XINFO", {"STREAM", "s"}, true, true},
        {"CLIENT", {"LIST"}, false, false},
        {"CLIENT", {"KILL", "ID", "1"}, false, false},
        {"CONFIG", {"GET", "requirepass"}, false, false},
        {"CONFIG", {"SET", "maxmemory", "1"}, false, false},
        {"MEMORY", {"STATS"}, false, false},
        // writes
        {"SET", {"k", "v"}, false, true},
        {"HSET", {"h", "f", "v"}, false, true},
        {"DEL", {"k"}, false, true},
        {"EXPIRE", {"k", "10"}, false, true},
        {"XADD", {"s", "*", "f", "v"}, false, true},
        {"GETDEL", {"k"}, false, true},
        // never by default
        {"FLUSHALL", {}, false, false},
        {"fLuShAlL", {}, false, false},
        {"FLUSHDB", {}, false, false},
        {"SWAPDB", {"0", "1"}, false, false},
        {"SELECT", {"1"}, false, false},
        {"AUTH", {"pw"}, false, false},
        {"HELLO", {"3"}, false, false},
        {"RESET", {}, false, false},
        {"SHUTDOWN", {}, false, false},
        {"DEBUG", {"SLEEP", "1"}, false, false},
        {"MODULE", {"LOAD", "/tmp/x.so"}, false, false},
        {"SCRIPT", {"LOAD", "return 1"}, false, false},
        {"EVAL", {"return 1", "0"}, false, false},
        {"EVAL_RO", {"return 1", "0"}, false, false},
        {"EVALSHA", {"abc", "0"}, false, false},
        {"FCALL", {"f", "0"}, false, false},
        {"FCALL_RO", {"f", "0"}, false, false},
        {"FUNCTION", {"LIST"}, false, false},
        {"MULTI", {}, false, false},
        {"EXEC", {}, false, false},
        {"WATCH", {"k"}, false, false},
        {"ACL", {"SETUSER", "x", "on"}, false, false},
        {"ACL", {"WHOAMI"}, false, false},
        {"REPLICAOF", {"127.0.0.1", "1"}, false, false},
        {"SLAVEOF", {"NO", "ONE"}, false, false},
        {"MIGRATE", {"h", "1", "k", "0", "1000"}, false, false},
        {"MONITOR", {}, false, false},
        {"SUBSCRIBE", {"c"}, false, false},
        {"PSUBSCRIBE", {"c*"}, false, false},
        {"PUBLISH", {"c", "m"}, false, false},
        {"SAVE", {}, false, false},
        {"BGSAVE", {}, false, false},
        {"KEYS", {"*"}, false, false},
        {"RESTORE", {"k", "0", "x"}, false, false},
        {"WAIT", {"1", "0"}, false, false},
        // blocking
        {"BLPOP", {"l", "30"}, false, false},
        {"BZPOPMIN", {"z", "1"}, false, false},
        {"XREAD", {"BLOCK", "100", "STREAMS", "s", "$"}, false, false},
        {"XREAD", {"COUNT", "1", "STREAMS", "s", "0"}, true, true},
        {"XREAD", {"STREAMS", "block", "0"}, true, true},  // a key named "block"
        // writes through an option
        {"SORT", {"l"}, true, true},
        {"SORT", {"l", "ALPHA", "STORE", "dst"}, false, false},
        {"SORT", {"l", "store", "dst"}, false, false},
        {"GEORADIUS", {"g", "0", "0", "10", "km"}, true, true},
        {"GEORADIUS", {"g", "0", "0", "10", "km", "STORE", "d"}, false, true},
        {"GEORADIUSBYMEMBER", {"g", "m", "10", "km", "STOREDIST", "d"}, false, true},
    };
    for (const auto& r : rows) {
        auto ro = judge(access_mode::read_only, r.command, r.args);
        auto rw = judge(access_mode::read_write, r.command, r.args);
        EXPECT_EQ(ro.allowed(), r.read_only_ok) << r.command << " on read_only: " << ro.message;
        EXPECT_EQ(rw.allowed(), r.read_write_ok) << r.command << " on read_write: " << rw.message;
        if (!ro.allowed()) {
            EXPECT_FALSE(ro.message.empty()) << r.command;
        }
    }
}

// Issue 10, item 6: Redis compares option words with strcasecmp, which stops at a NUL byte.
// Every option that makes a command write or block is read the way Redis reads it, and an
// argument spelling one of the command's option words before a NUL is refused outright.
TEST(RedisAccessCheck, OptionsAreReadTheWayRedisReadsThem) {
    using namespace std::string_literals;
    struct option_row {
        const char* what;
        std::string command;
        std::vector<std::string> args;
        verdict::outcome read_only;
        verdict::outcome read_write;
    };
    using o = verdict::outcome;
    const std::vector<option_row> rows{
        // The issue's examples: refused before anything reaches Redis.
        {"SORT STORE\\0", "SORT", {"bars:list", "STORE\0"s, "dst"}, o::invalid, o::invalid},
        {"SORT missing STORE\\0 victim",
         "SORT",
         {"missing", "STORE\0"s, "victim"},
         o::invalid,
         o::invalid},
        {"GEORADIUS STORE\\0",
         "GEORADIUS",
         {"g", "15", "37", "200", "km", "STORE\0"s, "d"},
         o::invalid,
         o::invalid},
        {"GEORADIUS STOREDIST\\0",
         "GEORADIUS",
         {"g", "15", "37", "200", "km", "STOREDIST\0x"s, "d"},
         o::invalid,
         o::invalid},
        {"GEORADIUSBYMEMBER STORE\\0",
         "GEORADIUSBYMEMBER",
         {"g", "m", "200", "km", "store\0"s, "d"},
         o::invalid,
         o::invalid},
        {"XREAD BLOCK\\0", "XREAD", {"BLOCK\0"s, "0", "STREAMS", "s", "$"}, o::invalid, o::invalid},
        {"XREADGROUP BLOCK\\0",
         "XREADGROUP",
         {"GROUP", "g", "c", "BLOCK\0"s, "0", "STREAMS", "s", ">"},
         o::invalid,
         o::invalid},
        {"SCAN COUNT\\0", "SCAN", {"0", "COUNT\0"s, "10"}, o::invalid, o::invalid},
        // NUL elsewhere is data: a key or a value with a NUL is fine.
        {"GET key with NUL", "GET", {"store\0x"s}, o::allowed, o::allowed},
        {"HGET field with NUL", "HGET", {"h", "count\0x"s}, o::allowed, o::allowed},
        {"SORT BY pattern with a leading NUL",
         "SORT",
         {"l", "BY", "\0store"s},
         o::allowed,
         o::allowed},
        // Positions: a word is an option only where Redis's loop takes it for one.
        {"SORT BY store", "SORT", {"l", "BY", "store"}, o::allowed, o::allowed},
        {"SORT GET # STORE d", "SORT", {"l", "GET", "#", "STORE", "d"}, o::refused, o::refused},
        {"SORT LIMIT 0 1 STORE d",
         "SORT",
         {"l", "LIMIT", "0", "1", "STORE", "d"},
         o::refused,
         o::refused},
        // An option we do not know (a newer Redis might): a STORE after it still counts.
        {"SORT NEWOPT STORE d", "SORT", {"l", "NEWOPT", "STORE", "d"}, o::refused, o::refused},
        {"GEORADIUS COUNT 1 STOREDIST d",
         "GEORADIUS",
         {"g", "0", "0", "1", "km", "COUNT", "1", "STOREDIST", "d"},
         o::refused,
         o::allowed},
        {"GEORADIUS with a member named store",
         "GEORADIUSBYMEMBER",
         {"g", "store", "1", "km"},
         o::allowed,
         o::allowed},
        {"GEORADIUS_RO has no STORE",
         "GEORADIUS_RO",
         {"g", "0", "0", "1", "km"},
         o::allowed,
         o::allowed},
        // XREADGROUP: a group or consumer named "streams" does not end the options.
        {"XREADGROUP GROUP streams c BLOCK",
         "XREADGROUP",
         {"GROUP", "streams", "c", "BLOCK", "0", "STREAMS", "s", ">"},
         o::refused,
         o::refused},
        {"XREADGROUP GROUP g streams BLOCK",
         "XREADGROUP",
         {"GROUP", "g", "streams", "BLOCK", "0", "STREAMS", "s", ">"},
         o::refused,
         o::refused},
        {"XREADGROUP without BLOCK",
         "XREADGROUP",
         {"GROUP", "streams", "c", "COUNT", "1", "STREAMS", "s", ">"},
         o::refused,
         o::allowed},
        {"XREAD COUNT 1 BLOCK",
         "XREAD",
         {"COUNT", "1", "block", "0", "STREAMS", "s", "$"},
         o::refused,
         o::refused},
        {"XREAD key named block", "XREAD", {"STREAMS", "block", "0"}, o::allowed, o::allowed},
        // Redis flags these readonly, yet they change the key.
        {"PFCOUNT one key", "PFCOUNT", {"hll"}, o::refused, o::allowed},
        {"PFCOUNT two keys", "PFCOUNT", {"hll", "hll"}, o::allowed, o::allowed},
        {"TOUCH", "TOUCH", {"k"}, o::refused, o::allowed},
        // Command and subcommand names with a NUL are unknown: Redis's own lookup would
        // sometimes find the command (its dictionary compares with strcasecmp too).
        {"SET\\0", "SET\0x"s, {"k", "v"}, o::unknown, o::unknown},
        {"FLUSHALL\\0", "FLUSHALL\0"s, {}, o::unknown, o::unknown},
        {"OBJECT ENCODING\\0", "OBJECT", {"ENCODING\0x"s, "k"}, o::unknown, o::unknown},
        {"CLIENT KILL\\0", "CLIENT", {"KILL\0"s, "ID", "1"}, o::unknown, o::unknown},
    };
    for (const auto& r : rows) {
        auto ro = judge(access_mode::read_only, r.command, r.args);
        auto rw = judge(access_mode::read_write, r.command, r.args);
        EXPECT_EQ(ro.result, r.read_only) << r.what << " on read_only: " << ro.message;
        EXPECT_EQ(rw.result, r.read_write) << r.what << " on read_write: " << rw.message;
    }
}

TEST(RedisAccessCheck, RefusalsSayWhichArgumentAndWhy) {
    using namespace std::string_literals;
    auto v = judge(access_mode::read_only, "SORT", {"l", "STORE\0"s, "d"});
    EXPECT_EQ(v.result, verdict::outcome::invalid);
    EXPECT_EQ(v.field, "args");
    EXPECT_NE(v.message.find("args[1]"), std::string::npos) << v.message;
    EXPECT_NE(v.message.find("STORE\\0"), std::string::npos) << v.message;
    EXPECT_NE(v.message.find("NUL"), std::string::npos) << v.message;
    EXPECT_EQ(v.message.find('\0'), std::string::npos) << "no raw NUL in a message";

    v = judge(access_mode::read_only, "SORT", {"l", "store", "d"});
    EXPECT_EQ(v.result, verdict::outcome::refused);
    EXPECT_NE(v.message.find("'store'"), std::string::npos) << v.message;

    v = judge(access_mode::read_only, "PFCOUNT", {"hll"});
    EXPECT_NE(v.message.find("PFCOUNT key key"), std::string::npos) << v.message;
    v = judge(access_mode::read_only, "TOUCH", {"k"}, {"touch"});
    EXPECT_FALSE(v.allowed()) << "allow does not open a change on a read_only server";

    v = judge(access_mode::read_only, "GET\0x"s, {"k"});
    EXPECT_EQ(v.message.find('\0'), std::string::npos) << v.message;
}

TEST(RedisAccessCheck, UnknownCommandsAndSubcommandsAreInvalidArguments) {
    auto v = judge(access_mode::read_write, "NOSUCH", {});
    EXPECT_EQ(v.result, verdict::outcome::unknown);
    EXPECT_EQ(v.field, "command");
    EXPECT_NE(v.message.find("NOSUCH"), std::string::npos);

    v = judge(access_mode::read_only, "GET k", {});
    EXPECT_EQ(v.result, verdict::outcome::unknown);
    EXPECT_NE(v.message.find("args"), std::string::npos) << v.message;

    v = judge(access_mode::read_only, "", {});
    EXPECT_EQ(v.result, verdict::outcome::unknown);

    v = judge(access_mode::read_only, "OBJECT", {"NOPE", "k"});
    EXPECT_EQ(v.result, verdict::outcome::unknown);
    EXPECT_EQ(v.field, "args");

    v = judge(access_mode::read_only, "CLIENT", {});
    EXPECT_EQ(v.result, verdict::outcome::unknown);
    EXPECT_EQ(v.field, "args");
}

TEST(RedisAccessCheck, KeysPointsToScan) {
    auto v = judge(access_mode::read_only, "keys", {"*"});
    EXPECT_EQ(v.result, verdict::outcome::refused);
    EXPECT_NE(v.message.find("SCAN"), std::string::npos) << v.message;
    EXPECT_TRUE(judge(access_mode::read_only, "KEYS", {"*"}, {"keys"}).allowed());
}

TEST(RedisAccessCheck, AllowOpensCommandsByName) {
    auto v = judge(access_mode::read_write, "BLPOP", {"l", "30"}, {"blpop"});
    EXPECT_TRUE(v.allowed()) << v.message;
    EXPECT_TRUE(v.blocking);
    EXPECT_TRUE(v.by_name);
    EXPECT_TRUE(judge(access_mode::read_write, "FLUSHALL", {}, {"flushall"}).allowed());
    // A subcommand name opens that subcommand only; the container name opens all.
    EXPECT_TRUE(judge(access_mode::read_only, "CLIENT", {"list"}, {"client|list"}).allowed());
    EXPECT_FALSE(
        judge(access_mode::read_only, "CLIENT", {"KILL", "ID", "1"}, {"client|list"}).allowed()
    );
    EXPECT_TRUE(judge(access_mode::read_only, "CONFIG", {"GET", "x"}, {"config"}).allowed());
    // Without allow, plain reads are not "by name" (the connection stays clean).
    EXPECT_FALSE(judge(access_mode::read_only, "GET", {"k"}).by_name);
}

TEST(RedisAccessCheck, ReadOnlyNeverWritesWhateverAllowSays) {
    EXPECT_FALSE(judge(access_mode::read_only, "SET", {"k", "v"}, {"set"}).allowed());
    EXPECT_FALSE(judge(access_mode::read_only, "FLUSHALL", {}, {"flushall"}).allowed());
    EXPECT_FALSE(judge(access_mode::read_only, "EVAL", {"return 1", "0"}, {"eval"}).allowed());
    EXPECT_FALSE(judge(access_mode::read_only, "SORT", {"l", "STORE", "d"}, {"sort"}).allowed());
    // EVAL_RO may be opened on a read_only server.
    EXPECT_TRUE(judge(access_mode::read_only, "EVAL_RO", {"return 1", "0"}, {"eval_ro"}).allowed());
}

TEST(RedisAccessCheck, AllowNamesAreNormalisedAndChecked) {
    EXPECT_EQ(normalise_allow_name("CLIENT LIST"), "client|list");
    EXPECT_EQ(normalise_allow_name("client|list"), "client|list");
    EXPECT_EQ(normalise_allow_name("  BLPOP "), "blpop");
    EXPECT_EQ(normalise_allow_name("a b c"), "");
    EXPECT_EQ(normalise_allow_name(""), "");
    const auto& t = recorded_table();
    EXPECT_FALSE(allow_problem(t, access_mode::read_only, "set").empty());
    EXPECT_FALSE(allow_problem(t, access_mode::read_only, "eval").empty());
    EXPECT_TRUE(allow_problem(t, access_mode::read_only, "client|list").empty());
    EXPECT_TRUE(allow_problem(t, access_mode::read_write, "set").empty());
}

TEST(RedisAccessCheck, BuiltinTableMatchesTheRecordedReply) {
    const auto& builtin = command_table::builtin();
    const auto& fixture = recorded_table();
    EXPECT_EQ(builtin.size(), fixture.size());
    for (const char* name : {"get", "set", "client|list", "sort_ro", "info", "blpop", "flushall"}) {
        const auto* a = builtin.find(name);
        const auto* b = fixture.find(name);
        ASSERT_NE(a, nullptr) << name;
        ASSERT_NE(b, nullptr) << name;
        EXPECT_EQ(a->flags, b->flags) << name;
        EXPECT_EQ(a->categories, b->categories) << name;
        EXPECT_EQ(a->has_subcommands, b->has_subcommands) << name;
    }
}

TEST(RedisAccessCheck, MalformedCommandRepliesAreRejected) {
    EXPECT_THROW(command_table::from_reply(redis_value::error("NOPERM")), std::invalid_argument);
    EXPECT_THROW(command_table::from_reply(redis_value::array({})), std::invalid_argument);
    EXPECT_THROW(
        command_table::from_reply(
            redis_value::array({redis_value::array({redis_value::string("get")})})
        ),
        std::invalid_argument
    );
}

}  // namespace
