// plan_bounds without I/O: which calls are refused at once, which run as they are, and which
// first ask a size (the probes), then what the judge says for given answers. Table-driven;
// the same bounds run against a real Redis in RedisBounds (integration).
#include <backends/redis/bounds.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends::redis;
using namespace std::string_literals;
using args_t = std::vector<std::string>;

bound_limits small() {
    bound_limits l;
    l.max_count = 100;
    l.max_items = 50;
    l.max_lcs_cells = 10'000;
    l.max_reply_bytes = 4096;
    l.read_only = true;
    return l;
}

std::string joined(const std::vector<std::vector<std::string>>& probes) {
    std::string out;
    for (const auto& p : probes) {
        if (!out.empty()) {
            out += "; ";
        }
        for (std::size_t i = 0; i < p.size(); ++i) {
            out += (i ? " " : "") + p[i];
        }
    }
    return out;
}

// Calls that run without asking anything.
TEST(RedisBounds, WithinTheBoundsRunAsTheyAre) {
    const std::vector<std::pair<std::string, args_t>> rows{
        {"get", {"k"}},
        {"srandmember", {"s"}},
        {"srandmember", {"s", "100"}},
        {"srandmember", {"s", "-100"}},
        {"hrandfield", {"h", "-100", "WITHVALUES"}},
        {"zrandmember", {"z", "5", "WITHSCORES"}},
        {"spop", {"s", "100"}},
        {"scan", {"0", "MATCH", "user:*", "COUNT", "100"}},
        {"scan", {"0", "MATCH", "count", "COUNT", "10"}},  // a pattern named "count"
        {"hscan", {"h", "0", "COUNT", "100"}},
        {"lrange", {"l", "0", "99"}},
        {"lrange", {"l", "-100", "-1"}},
        {"lrange", {"l", "-100000", "5"}},  // at most 6 elements whatever the length
        {"lrange", {"l", "5", "2"}},        // empty
        {"zrange", {"z", "0", "99", "WITHSCORES"}},
        {"zrevrange", {"z", "0", "9"}},
        {"zrange", {"z", "0", "+inf", "BYSCORE", "LIMIT", "0", "10"}},
        {"zrangebyscore", {"z", "-inf", "+inf", "LIMIT", "100", "100"}},
        {"zrevrangebylex", {"z", "+", "-", "LIMIT", "0", "5"}},
        {"xrange", {"s", "-", "+", "COUNT", "100"}},
        {"xrevrange", {"s", "+", "-", "COUNT", "0"}},
        {"xread", {"COUNT", "10", "STREAMS", "s", "0"}},
        {"xinfo|stream", {"STREAM", "s"}},
        {"xinfo|stream", {"STREAM", "s", "FULL"}},
        {"xinfo|stream", {"STREAM", "s", "FULL", "COUNT", "100"}},
        {"xpending", {"s", "g", "-", "+", "100"}},
        {"xpending", {"s", "g", "IDLE", "99999999", "-", "+", "100"}},
        {"lpos", {"l", "x"}},
        {"lpos", {"l", "x", "COUNT", "100"}},
        {"lpos", {"l", "x", "COUNT", "0", "MAXLEN", "100"}},
        {"geosearch", {"g", "FROMLONLAT", "0", "0", "BYRADIUS", "10", "km", "COUNT", "100"}},
        {"georadius_ro", {"g", "0", "0", "10", "km", "COUNT", "5", "ANY"}},
        {"georadiusbymember", {"g", "m", "10", "km", "WITHDIST", "COUNT", "100"}},
        {"memory|usage", {"USAGE", "k"}},
        {"memory|usage", {"USAGE", "k", "SAMPLES", "100"}},
        {"lmpop", {"2", "a", "b", "LEFT", "COUNT", "100"}},
        {"bzmpop", {"1", "1", "z", "MIN", "COUNT", "100"}},
        {"xautoclaim", {"s", "g", "c", "0", "0", "COUNT", "100", "JUSTID"}},
        // Redis answers these with its own errors; nothing to bound.
        {"lrange", {"l"}},
        {"sintercard", {"5", "a"}},
    };
    auto l = small();
    for (const auto& [name, args] : rows) {
        auto p = plan_bounds(l, name, args);
        EXPECT_FALSE(p.refused) << name << ": " << p.refused->message;
        EXPECT_TRUE(p.probes.empty()) << name << " asks " << joined(p.probes);
    }
}

struct refusal_row {
    std::string name;
    args_t args;
    std::string code;
    std::string says;  // a part of the message: the limit it names
    std::optional<std::size_t> index;
};

TEST(RedisBounds, CountsBeyondMaxCountAreRefusedAtOnce) {
    const std::vector<refusal_row> rows{
        // The examples: with repetition, the absolute value is what Redis allocates.
        {"srandmember", {"s", "-80000000"}, "refused", "max_count (100)", 1},
        {"hrandfield", {"h", "-10000000", "WITHVALUES"}, "refused", "max_count (100)", 1},
        {"zrandmember", {"z", "101"}, "refused", "max_count (100)", 1},
        {"srandmember", {"s", "-9223372036854775808"}, "refused", "max_count", 1},
        {"srandmember", {"s", "1e9"}, "invalid_argument", "integer", 1},
        {"srandmember", {"s", "+5"}, "invalid_argument", "integer", 1},
        {"spop", {"s", "101"}, "refused", "max_count", 1},
        {"lpop", {"l", "1000000"}, "refused", "max_count", 1},
        {"zpopmax", {"z", "1000000"}, "refused", "max_count", 1},
        {"lmpop", {"1", "l", "LEFT", "COUNT", "1000"}, "refused", "max_count", 4},
        {"blmpop", {"0", "1", "l", "RIGHT", "COUNT", "1000"}, "refused", "max_count", 5},
        {"zmpop", {"1", "z", "MIN", "count\0"s, "1000"}, "refused", "max_count", 4},
        {"scan", {"0", "COUNT", "10000000"}, "refused", "COUNT 10000000", 2},
        {"scan", {"0", "COUNT", "5", "COUNT", "10000000"}, "refused", "max_count", 4},
        {"scan", {"0", "COUNT\0"s, "10000000"}, "refused", "max_count", 2},
        {"sscan", {"s", "0", "MATCH", "*", "COUNT", "101"}, "refused", "max_count", 5},
        {"zscan", {"z", "0", "COUNT", "abc"}, "invalid_argument", "integer", 3},
        // An option a newer Redis may know: later COUNTs are still read.
        {"hscan", {"h", "0", "NOVALUES", "COUNT", "101"}, "refused", "max_count", 4},
        {"xrange", {"s", "-", "+", "COUNT", "101"}, "refused", "max_count", 4},
        {"xread", {"COUNT", "101", "STREAMS", "s", "0"}, "refused", "max_count", 1},
        {"xreadgroup",
         {"GROUP", "g", "c", "COUNT", "101", "STREAMS", "s", ">"},
         "refused",
         "max_count",
         4},
        {"xinfo|stream", {"STREAM", "s", "FULL", "COUNT", "101"}, "refused", "max_count", 4},
        {"xpending", {"s", "g", "-", "+", "101"}, "refused", "max_count", 4},
        {"xpending", {"s", "g", "IDLE", "1", "-", "+", "101"}, "refused", "max_count", 6},
        {"xautoclaim", {"s", "g", "c", "0", "0", "COUNT", "101"}, "refused", "max_count", 6},
        {"lpos", {"l", "x", "COUNT", "101"}, "refused", "max_count", 3},
        {"zrange", {"z", "0", "1", "BYSCORE", "LIMIT", "0", "101"}, "refused", "max_count", 6},
        {"zrangebylex", {"z", "-", "+", "LIMIT", "0", "101"}, "refused", "LIMIT count", 5},
        {"geosearch",
         {"g", "FROMMEMBER", "m", "BYBOX", "1", "1", "km", "COUNT", "101"},
         "refused",
         "max_count",
         8},
        {"georadius", {"g", "0", "0", "1", "km", "COUNT", "101"}, "refused", "max_count", 6},
        {"memory|usage", {"USAGE", "k", "SAMPLES", "0"}, "refused", "SAMPLES 0", 3},
        {"memory|usage", {"USAGE", "k", "SAMPLES", "101"}, "refused", "max_count", 3},
        {"lrange", {"l", "0", "x"}, "invalid_argument", "stop must be an integer", 2},
        {"lrange", {"l", "00", "5"}, "invalid_argument", "start", 1},
    };
    auto l = small();
    for (const auto& r : rows) {
        auto p = plan_bounds(l, r.name, r.args);
        ASSERT_TRUE(p.refused) << r.name << " " << r.says;
        EXPECT_EQ(p.refused->code, r.code) << r.name << ": " << p.refused->message;
        EXPECT_NE(p.refused->message.find(r.says), std::string::npos)
            << r.name << ": " << p.refused->message;
        EXPECT_EQ(p.refused->index, r.index) << r.name << ": " << p.refused->message;
        EXPECT_TRUE(p.probes.empty()) << r.name;
    }
}

redis_value n(std::int64_t v) {
    return redis_value::number(v);
}

redis_value wrongtype() {
    return redis_value::error("WRONGTYPE Operation against a key holding the wrong kind of value");
}

struct probe_row {
    std::string name;
    args_t args;
    std::string probes;  // what is asked, joined
    std::vector<redis_value> answers;
    std::string code;  // "" when the call then runs
    std::string says;
};

TEST(RedisBounds, WholeCollectionsAskTheirSizeFirst) {
    const std::vector<probe_row> rows{
        {"smembers", {"s"}, "scard s", {n(50)}, "", ""},
        {"smembers", {"s"}, "scard s", {n(51)}, "refused", "max_items (50)"},
        {"smembers", {"s"}, "scard s", {n(51)}, "refused", "SSCAN"},
        {"smembers", {"s"}, "scard s", {wrongtype()}, "backend_error", "WRONGTYPE"},
        {"hgetall", {"h"}, "hlen h", {n(25)}, "", ""},
        {"hgetall", {"h"}, "hlen h", {n(26)}, "refused", "52 reply entries"},
        {"hkeys", {"h"}, "hlen h", {n(50)}, "", ""},
        {"hvals", {"h"}, "hlen h", {n(51)}, "refused", "HSCAN"},
        {"sinter", {"a", "b"}, "scard a; scard b", {n(1000), n(50)}, "", ""},
        {"sinter", {"a", "b"}, "scard a; scard b", {n(1000), n(51)}, "refused", "smallest"},
        {"sunion", {"a", "b"}, "scard a; scard b", {n(25), n(26)}, "refused", "51 members"},
        {"sdiff", {"a", "b"}, "scard a; scard b", {n(50), n(100000)}, "", ""},
        {"sunionstore",
         {"d", "a", "b"},
         "scard a; scard b",
         {n(40), n(40)},
         "refused",
         "max_items"},
        {"sintercard",
         {"2", "a", "b", "LIMIT", "1"},
         "scard a; scard b",
         {n(60), n(70)},
         "refused",
         "max_items"},
        {"zunion",
         {"2", "z", "s", "WITHSCORES"},
         "zcard z; scard z; zcard s; scard s",
         {n(10), wrongtype(), wrongtype(), n(10)},
         "",
         ""},
        {"zunion",
         {"2", "z", "s", "WITHSCORES"},
         "zcard z; scard z; zcard s; scard s",
         {n(20), wrongtype(), wrongtype(), n(6)},
         "refused",
         "max_items"},
        {"zinterstore",
         {"d", "2", "a", "b"},
         "zcard a; scard a; zcard b; scard b",
         {n(51), wrongtype(), n(60), wrongtype()},
         "refused",
         "smallest"},
        {"zintercard", {"1", "a"}, "zcard a; scard a", {n(7), wrongtype()}, "", ""},
        // Ranges that depend on the length, or are wider than max_count.
        {"lrange", {"l", "0", "-1"}, "llen l", {n(50)}, "", ""},
        {"lrange", {"l", "0", "-1"}, "llen l", {n(51)}, "refused", "covers 51 elements of 51"},
        {"lrange", {"l", "10", "-1"}, "llen l", {n(60)}, "", ""},
        {"lrange", {"l", "0", "100000"}, "llen l", {n(7)}, "", ""},
        {"lrange", {"l", "0", "100000"}, "llen l", {n(70)}, "refused", "max_items"},
        {"zrange", {"z", "0", "-1"}, "zcard z", {n(50)}, "", ""},
        {"zrange", {"z", "0", "-1", "WITHSCORES"}, "zcard z", {n(26)}, "refused", "max_items"},
        {"zrange", {"z", "0", "-1", "REV"}, "zcard z", {n(51)}, "refused", "max_items"},
        {"zrevrange", {"z", "0", "-1"}, "zcard z", {n(51)}, "refused", "max_items"},
        {"zrangestore", {"d", "z", "0", "-1"}, "zcard z", {n(51)}, "refused", "max_items"},
        {"zrangebyscore", {"z", "1", "(5"}, "zcount z 1 (5", {n(50)}, "", ""},
        {"zrangebyscore",
         {"z", "1", "(5", "WITHSCORES"},
         "zcount z 1 (5",
         {n(26)},
         "refused",
         "LIMIT"},
        {"zrevrangebyscore",
         {"z", "+inf", "0"},
         "zcount z 0 +inf",
         {n(51)},
         "refused",
         "max_items"},
        {"zrange", {"z", "(5", "1", "BYSCORE", "REV"}, "zcount z 1 (5", {n(10)}, "", ""},
        {"zrange",
         {"z", "[a", "[z", "BYLEX"},
         "zlexcount z [a [z",
         {n(51)},
         "refused",
         "max_items"},
        {"zrangebylex",
         {"z", "-", "+", "LIMIT", "0", "-1"},
         "zlexcount z - +",
         {n(51)},
         "refused",
         "max_items"},
        {"zrangebylex",
         {"z", "-", "+", "LIMIT", "1000", "10"},
         "zlexcount z - +",
         {n(1005)},
         "",
         ""},
        {"zrangebyscore",
         {"z", "x", "y"},
         "zcount z x y",
         {redis_value::error("ERR min or max is not a float")},
         "backend_error",
         "not a float"},
        // Streams without COUNT.
        {"xrange", {"s", "-", "+"}, "xlen s", {n(51)}, "refused", "add COUNT"},
        {"xrevrange", {"s", "+", "-"}, "xlen s", {n(50)}, "", ""},
        {"xread",
         {"STREAMS", "a", "b", "0", "0"},
         "xlen a; xlen b",
         {n(30), n(30)},
         "refused",
         "60 entries"},
        {"xread", {"COUNT", "0", "STREAMS", "a", "0"}, "xlen a", {n(51)}, "refused", "max_items"},
        {"xreadgroup", {"GROUP", "streams", "c", "STREAMS", "a", ">"}, "xlen a", {n(5)}, "", ""},
        {"xinfo|stream",
         {"STREAM", "s", "FULL", "COUNT", "0"},
         "xlen s",
         {n(51)},
         "refused",
         "COUNT 0"},
        {"lpos", {"l", "x", "COUNT", "0"}, "llen l", {n(51)}, "refused", "max_items"},
        {"lpos",
         {"l", "x", "COUNT", "0", "MAXLEN", "1000"},
         "llen l",
         {n(2000)},
         "refused",
         "max_items"},
        {"lpos", {"l", "x", "COUNT", "0", "MAXLEN", "1000"}, "llen l", {n(20)}, "", ""},
        // GEO searches without COUNT.
        {"geosearch",
         {"g", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"},
         "zcard g",
         {n(51)},
         "refused",
         "add COUNT"},
        {"georadius_ro", {"g", "0", "0", "1", "km", "WITHDIST"}, "zcard g", {n(50)}, "", ""},
        {"georadiusbymember",
         {"g", "m", "1", "km", "STORE", "d"},
         "zcard g",
         {n(51)},
         "refused",
         "max_items"},
        {"geosearchstore",
         {"d", "g", "FROMMEMBER", "m", "BYRADIUS", "1", "km", "STOREDIST"},
         "zcard g",
         {n(51)},
         "refused",
         "max_items"},
        // SORT: any of three types; a sorted set changes encoding (refused on read_only).
        {"sort", {"l"}, "llen l; scard l; zcard l", {n(50), wrongtype(), wrongtype()}, "", ""},
        {"sort_ro",
         {"l", "LIMIT", "0", "1"},
         "llen l; scard l; zcard l",
         {n(51), wrongtype(), wrongtype()},
         "refused",
         "even with LIMIT"},
        {"sort_ro", {"s"}, "llen s; scard s; zcard s", {wrongtype(), n(5), wrongtype()}, "", ""},
        {"sort_ro",
         {"z"},
         "llen z; scard z; zcard z",
         {wrongtype(), wrongtype(), n(3)},
         "refused",
         "skiplist"},
        {"sort_ro",
         {"missing"},
         "llen missing; scard missing; zcard missing",
         {n(0), n(0), n(0)},
         "",
         ""},
        {"sort_ro",
         {"str"},
         "llen str; scard str; zcard str",
         {wrongtype(), wrongtype(), wrongtype()},
         "backend_error",
         "WRONGTYPE"},
        // LCS and DUMP.
        {"lcs", {"a", "b"}, "strlen a; strlen b", {n(99), n(99)}, "", ""},
        {"lcs",
         {"a", "b", "IDX"},
         "strlen a; strlen b",
         {n(11000), n(11000)},
         "refused",
         "max_lcs_cells (10000)"},
        {"lcs", {"a", "b"}, "strlen a; strlen b", {n(10000), n(0)}, "refused", "10001 cells"},
        {"dump", {"k"}, "memory usage k", {n(4096)}, "", ""},
        {"dump", {"k"}, "memory usage k", {redis_value::nil()}, "", ""},
        {"dump", {"k"}, "memory usage k", {n(4097)}, "refused", "max_reply_bytes (4096)"},
        // A size check Redis itself refuses (ACL) is the call's failure, said as such.
        {"smembers",
         {"s"},
         "scard s",
         {redis_value::error("NOPERM this user has no permissions to run the 'scard' command")},
         "backend_error",
         "size check"},
    };
    auto l = small();
    for (const auto& r : rows) {
        SCOPED_TRACE(r.name + " -> " + r.probes);
        auto p = plan_bounds(l, r.name, r.args);
        ASSERT_FALSE(p.refused) << p.refused->message;
        ASSERT_EQ(joined(p.probes), r.probes);
        ASSERT_TRUE(p.judge);
        auto outcome = p.judge(r.answers);
        if (r.code.empty()) {
            EXPECT_FALSE(outcome) << outcome->message;
            continue;
        }
        ASSERT_TRUE(outcome);
        EXPECT_EQ(outcome->code, r.code) << outcome->message;
        EXPECT_NE(outcome->message.find(r.says), std::string::npos) << outcome->message;
    }
}

TEST(RedisBounds, SortedSetSortRunsOnReadWrite) {
    auto l = small();
    l.read_only = false;
    auto p = plan_bounds(l, "sort_ro", {"z"});
    ASSERT_TRUE(p.judge);
    EXPECT_FALSE(p.judge({wrongtype(), wrongtype(), n(3)}));
}

TEST(RedisBounds, LimitsComeFromTheServerEntry) {
    auto l = small();
    l.max_count = 100'000'000;
    EXPECT_FALSE(plan_bounds(l, "srandmember", {"s", "-80000000"}).refused);
    l.max_count = 10'000;
    auto p = plan_bounds(l, "srandmember", {"s", "-80000000"});
    ASSERT_TRUE(p.refused);
    EXPECT_NE(p.refused->message.find("max_count (10000)"), std::string::npos);
}

}  // namespace
