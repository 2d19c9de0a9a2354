// Issue 10, item 6, against the real Redis 7: Redis compares option words (and command names,
// in its command dictionary) with strcasecmp, which stops at a NUL byte. Each test first shows
// the real server taking the NUL-suffixed word for the option (so the attack is real and the
// test can fail), then sends it through the gateway and checks the state afterwards: keys
// unchanged, no key created, no client left blocked.
#include "redis_probe.hpp"

namespace mcpgw::itest::redis {
namespace {

using namespace std::string_literals;

class RedisOptionEscape : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto srv = shared_server();
        host_ = srv.host;
        port_ = srv.port;
        auto at = address(host_, port_);
        gw_ = start_gateway(gateway_yaml(
            "  - {name: ro, type: redis, " + at + "}\n" + "  - {name: rw, type: redis, " + at +
                ", access: read_write}\n",
            // Declared tools with a string parameter where an option goes (the case).
            "  - name: sort_by\n"
            "    server: ro\n"
            "    command: [SORT, '{list}', '{opt}', '{value}']\n"
            "    parameters: {list: {type: string}, opt: {type: string}, value: {type: string}}\n"
            "  - name: near\n"
            "    server: ro\n"
            "    command: [GEORADIUS, '{geo}', 15, 37, 200, km, '{opt}', '{value}']\n"
            "    parameters: {geo: {type: string}, opt: {type: string}, value: {type: string}}\n"
            "  - name: tail\n"
            "    server: ro\n"
            "    command: [XREAD, '{opt}', '{value}', STREAMS, '{stream}', '$']\n"
            "    parameters: {opt: {type: string}, value: {type: string}, stream: {type: string}}\n"
        ));
    }
    static void TearDownTestSuite() { stop_gateway(gw_); }

    void SetUp() override {
        ASSERT_TRUE(gw_ && gw_->started());
        p_ = "itest:optesc:" + nonce() + ":";
        db_ = std::make_unique<direct_client>(host_, port_);
        db_->run({"RPUSH", p_ + "list", "3", "1", "2"});
        db_->run({"SET", p_ + "victim", "precious"});
        db_->run({"GEOADD", p_ + "geo", "13.361389", "38.115556", "Palermo"});
        db_->run({"GEOADD", p_ + "geo", "15.087269", "37.502669", "Catania"});
        db_->run({"XADD", p_ + "s", "*", "f", "v"});
        db_->run({"XGROUP", "CREATE", p_ + "s", "streams", "$"});  // a group named "streams"
        client_ = std::make_unique<mcp_client>(gw_->port());
        ASSERT_EQ(client_->initialize("2025-06-18").status, 200);
        before_ = snapshot();
    }
    void TearDown() override {
        if (db_) {
            db_->run(
                {"DEL",
                 p_ + "list",
                 p_ + "victim",
                 p_ + "geo",
                 p_ + "s",
                 p_ + "dst",
                 p_ + "control",
                 p_ + "probe",
                 p_ + "h"}
            );
        }
    }

    // Every key the attempts aim at, as one comparable text.
    std::string snapshot() {
        std::string s;
        for (const char* key : {"list", "victim", "geo", "s", "dst", "missing"}) {
            auto dump = db_->run({"DUMP", p_ + key});
            s += std::string(key) + "=" + (dump.is_nil() ? "nil" : dump.str) + ";";
        }
        auto pending = db_->run({"XPENDING", p_ + "s", "streams"});
        s += "pending=" +
             std::to_string(pending.elements.empty() ? -1 : pending.elements[0].integer);
        return s;
    }

    json
    cmd(const std::string& server, const std::string& command, const std::vector<std::string>& args
    ) {
        json a = json::array();
        for (const auto& x : args) {
            a.push_back(x);  // a NUL goes over JSON as \u0000
        }
        return call(
            *client_,
            "redis_command",
            {{"server", server}, {"command", command}, {"args", a}}
        );
    }

    // The call is refused with `code`, and nothing the attempts aim at changed.
    void expect_refused(const json& r, const std::string& code, const std::string& what) {
        EXPECT_EQ(error_code(r), code) << what << ": " << r;
        EXPECT_EQ(snapshot(), before_) << what << " changed something";
        EXPECT_EQ(db_->get(p_ + "victim"), "precious") << what;
        EXPECT_EQ(db_->run({"EXISTS", p_ + "dst"}).integer, 0) << what;
    }

    static inline std::string host_;
    static inline int port_ = 0;
    static inline std::unique_ptr<gateway_process> gw_;
    std::string p_;
    std::string before_;
    std::unique_ptr<direct_client> db_;
    std::unique_ptr<mcp_client> client_;
};

TEST_F(RedisOptionEscape, RedisItselfReadsOptionsOnlyUpToANul) {
    // The control: sent straight to Redis, these write and block. If Redis stopped reading
    // options this way, the other tests here would prove nothing.
    db_->run({"SORT", p_ + "list", "STORE\0"s, p_ + "control"});
    EXPECT_EQ(db_->run({"LLEN", p_ + "control"}).integer, 3);
    db_->run({"SET", p_ + "probe", "x"});
    db_->run({"SORT", p_ + "missing", "STORE\0"s, p_ + "probe"});
    EXPECT_EQ(db_->run({"EXISTS", p_ + "probe"}).integer, 0) << "SORT of a missing key deleted it";
    auto t0 = std::chrono::steady_clock::now();
    db_->run({"XREAD", "BLOCK\0"s, "300", "STREAMS", p_ + "s", "$"});
    EXPECT_GE(std::chrono::steady_clock::now() - t0, 250ms) << "XREAD BLOCK\\0 blocked";
}

TEST_F(RedisOptionEscape, SortStoreWithANulIsRefused) {
    expect_refused(
        cmd("ro", "SORT", {p_ + "list", "STORE\0"s, p_ + "dst"}),
        "invalid_argument",
        "SORT STORE\\0"
    );
    expect_refused(
        cmd("ro", "SORT", {p_ + "missing", "STORE\0"s, p_ + "victim"}),
        "invalid_argument",
        "SORT missing STORE\\0 victim"
    );
    expect_refused(
        cmd("rw", "SORT", {p_ + "missing", "sToRe\0junk"s, p_ + "victim"}),
        "invalid_argument",
        "SORT missing STORE\\0 victim on read_write"
    );
    // Behind other options, where Redis's loop reaches it.
    expect_refused(
        cmd("ro", "SORT", {p_ + "list", "LIMIT", "0", "2", "ALPHA", "STORE\0"s, p_ + "dst"}),
        "invalid_argument",
        "SORT LIMIT ALPHA STORE\\0"
    );
    auto r = cmd("ro", "SORT", {p_ + "list", "STORE\0"s, p_ + "dst"});
    auto message = error_message(r);
    EXPECT_NE(message.find("args[1]"), std::string::npos) << message;
    EXPECT_NE(message.find("NUL"), std::string::npos) << message;
    // The plain read still runs.
    r = cmd("ro", "SORT", {p_ + "list"});
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_EQ(r["structuredContent"]["reply"], json::array({"1", "2", "3"}));
}

TEST_F(RedisOptionEscape, GeoRadiusStoreWithANulIsRefused) {
    expect_refused(
        cmd("ro", "GEORADIUS", {p_ + "geo", "15", "37", "200", "km", "STORE\0"s, p_ + "dst"}),
        "invalid_argument",
        "GEORADIUS STORE\\0"
    );
    expect_refused(
        cmd("ro", "GEORADIUS", {p_ + "geo", "15", "37", "200", "km", "STOREDIST\0"s, p_ + "dst"}),
        "invalid_argument",
        "GEORADIUS STOREDIST\\0"
    );
    expect_refused(
        cmd("ro", "GEORADIUSBYMEMBER", {p_ + "geo", "Palermo", "200", "km", "STORE\0"s, p_ + "dst"}
        ),
        "invalid_argument",
        "GEORADIUSBYMEMBER STORE\\0"
    );
    // A missing source with STORE deletes the destination in Redis (geo.c): the victim stays.
    expect_refused(
        cmd("ro",
            "GEORADIUSBYMEMBER",
            {p_ + "missing", "x", "1", "km", "STOREDIST\0"s, p_ + "victim"}),
        "invalid_argument",
        "GEORADIUSBYMEMBER missing STOREDIST\\0 victim"
    );
    // Without the NUL, a STORE after COUNT is still found.
    expect_refused(
        cmd("ro",
            "GEORADIUS",
            {p_ + "geo", "15", "37", "200", "km", "COUNT", "1", "STORE", p_ + "dst"}),
        "refused",
        "GEORADIUS COUNT 1 STORE"
    );
    auto r = cmd("ro", "GEORADIUS", {p_ + "geo", "15", "37", "200", "km", "COUNT", "5", "ASC"});
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_EQ(r["structuredContent"]["reply"], json::array({"Catania", "Palermo"}));
}

TEST_F(RedisOptionEscape, DeclaredToolParametersInOptionPositionsAreReadLikeRedis) {
    expect_refused(
        call(
            *client_,
            "sort_by",
            {{"list", p_ + "list"}, {"opt", "STORE\0"s}, {"value", p_ + "dst"}}
        ),
        "invalid_argument",
        "declared SORT with opt STORE\\0"
    );
    expect_refused(
        call(
            *client_,
            "sort_by",
            {{"list", p_ + "missing"}, {"opt", "store"}, {"value", p_ + "victim"}}
        ),
        "refused",
        "declared SORT with opt store"
    );
    expect_refused(
        call(
            *client_,
            "near",
            {{"geo", p_ + "geo"}, {"opt", "STOREDIST\0"s}, {"value", p_ + "dst"}}
        ),
        "invalid_argument",
        "declared GEORADIUS with opt STOREDIST\\0"
    );
    auto t0 = std::chrono::steady_clock::now();
    expect_refused(
        call(*client_, "tail", {{"opt", "BLOCK\0"s}, {"value", "0"}, {"stream", p_ + "s"}}),
        "invalid_argument",
        "declared XREAD with opt BLOCK\\0"
    );
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
    EXPECT_EQ(blocked_in(*db_, "xread"), 0);
    // Harmless values run.
    auto r = call(*client_, "sort_by", {{"list", p_ + "list"}, {"opt", "BY"}, {"value", "nosort"}});
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_EQ(r["structuredContent"]["reply"], json::array({"3", "1", "2"}));
    r = call(*client_, "tail", {{"opt", "COUNT"}, {"value", "1"}, {"stream", p_ + "s"}});
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_TRUE(r["structuredContent"]["reply"].is_null()) << r;
}

TEST_F(RedisOptionEscape, XreadBlockWithANulNeverBlocks) {
    auto t0 = std::chrono::steady_clock::now();
    expect_refused(
        cmd("ro", "XREAD", {"BLOCK\0"s, "0", "STREAMS", p_ + "s", "$"}),
        "invalid_argument",
        "XREAD BLOCK\\0 0"
    );
    expect_refused(
        cmd("rw", "XREAD", {"COUNT", "1", "block\0x"s, "0", "STREAMS", p_ + "s", "$"}),
        "invalid_argument",
        "XREAD COUNT 1 BLOCK\\0 0 on read_write"
    );
    // A group named "streams" used to end the reading of the options before BLOCK.
    expect_refused(
        cmd("rw", "XREADGROUP", {"GROUP", "streams", "c", "BLOCK", "0", "STREAMS", p_ + "s", ">"}),
        "refused",
        "XREADGROUP GROUP streams c BLOCK 0"
    );
    expect_refused(
        cmd("rw", "XREADGROUP", {"GROUP", "streams", "c", "BLOCK\0"s, "0", "STREAMS", p_ + "s", ">"}
        ),
        "invalid_argument",
        "XREADGROUP BLOCK\\0"
    );
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s) << "nothing waited on Redis";
    EXPECT_EQ(blocked_in(*db_, "xread"), 0);
    EXPECT_EQ(blocked_in(*db_, "xreadgroup"), 0);
    // A key named "block" after STREAMS is just a key.
    auto r = cmd("ro", "XREAD", {"STREAMS", "block", "0"});
    EXPECT_EQ(error_code(r), "") << r;
}

TEST_F(RedisOptionEscape, CountWithANulIsRefused) {
    // HSCAN, not SCAN: other suites send SCAN, which would blur the count of calls.
    db_->run({"HSET", p_ + "h", "f", "v"});
    auto scans = calls_of(*db_, "hscan");
    expect_refused(
        cmd("ro", "HSCAN", {p_ + "h", "0", "COUNT\0"s, "10000000"}),
        "invalid_argument",
        "HSCAN COUNT\\0"
    );
    expect_refused(
        cmd("ro", "HSCAN", {p_ + "h", "0", "MATCH", "*", "COUNT", "10000000"}),
        "refused",
        "HSCAN COUNT 10000000"
    );
    EXPECT_EQ(calls_of(*db_, "hscan"), scans) << "the refused HSCANs never reached Redis";
}

// Redis looks command and subcommand names up in a dictionary whose hash covers the whole
// name but whose comparison is strcasecmp: a NUL-suffixed name that lands in the same bucket
// runs the command. Find such a suffix on the real server, then send it through the gateway.
std::string colliding_name(
    direct_client& db,
    const std::string& name,
    const std::vector<std::string>& args,
    int expected_type
) {
    for (int i = 0; i < 50000; ++i) {
        std::vector<std::string> argv{name + '\0' + std::to_string(i)};
        argv.insert(argv.end(), args.begin(), args.end());
        if (db.run(argv).type == expected_type) {
            return argv.front();
        }
    }
    return {};
}

TEST_F(RedisOptionEscape, CommandNamesWithANulAreUnknown) {
    auto set = colliding_name(*db_, "SET", {p_ + "probe", "x"}, REDIS_REPLY_STATUS);
    ASSERT_FALSE(set.empty()) << "no SET\\0<n> ran on Redis";
    EXPECT_EQ(db_->get(p_ + "probe"), "x") << "Redis ran " << set.size();
    expect_refused(
        cmd("ro", set, {p_ + "victim", "pwned"}),
        "invalid_argument",
        "SET\\0<n> on read_only"
    );

    auto config = colliding_name(*db_, "CONFIG", {"GET", "maxmemory"}, REDIS_REPLY_ARRAY);
    ASSERT_FALSE(config.empty()) << "no CONFIG\\0<n> ran on Redis";
    auto r = cmd("rw", config, {"GET", "requirepass"});
    expect_refused(r, "invalid_argument", "CONFIG\\0<n> GET requirepass on read_write");
    EXPECT_EQ(r.dump().find("requirepass\",\""), std::string::npos) << r;

    // Subcommands: OBJECT ENCODING\0<n> (CLIENT KILL\0<n> would be found the same way).
    std::string sub;
    for (int i = 0; i < 50000 && sub.empty(); ++i) {
        auto name = "ENCODING\0"s + std::to_string(i);
        if (db_->run({"OBJECT", name, p_ + "list"}).type == REDIS_REPLY_STRING) {
            sub = name;
        }
    }
    ASSERT_FALSE(sub.empty()) << "no OBJECT ENCODING\\0<n> ran on Redis";
    r = cmd("ro", "OBJECT", {sub, p_ + "list"});
    expect_refused(r, "invalid_argument", "OBJECT ENCODING\\0<n>");
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "args") << r;
}

}  // namespace
}  // namespace mcpgw::itest::redis
