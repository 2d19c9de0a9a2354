// redis_command and config-declared Redis tools over real HTTP against the real Redis 7
// fixture: the good paths of everyday commands, the JSON form of each reply type, read_only
// refusals, truncation by max_items and max_result_bytes, error replies, and declared tools
// whose hostile parameter values stay one argument.
#include "redis_fixture.hpp"

namespace mcpgw::itest::redis {
namespace {

class RedisTools : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto srv = shared_server();
        host_ = srv.host;
        port_ = srv.port;
        p_ = "itest:tools:" + nonce() + ":";
        auto at = address(host_, port_);
        gw_ = start_gateway(gateway_yaml(
            "  - {name: ro, type: redis, " + at + ", description: read only cache}\n" +
                "  - {name: rw, type: redis, " + at + ", access: read_write}\n" +
                "  - {name: capped, type: redis, " + at +
                ", max_items: 3, max_result_bytes: 64, max_reply_bytes: 65536}\n" +
                "  - {name: wirecap, type: redis, " + at +
                ", max_result_bytes: 1024, max_reply_bytes: 4096}\n" +
                "  - {name: db5, type: redis, url: 'redis://" + host_ + ":" +
                std::to_string(port_) + "/5'}\n",
            "  - name: note\n"
            "    server: ro\n"
            "    command: [GET, '" +
                p_ +
                "note:{id}']\n"
                "    parameters:\n"
                "      id: {type: string, maxLength: 200}\n"
                "  - name: save_note\n"
                "    server: rw\n"
                "    command: [SET, '" +
                p_ +
                "note:{id}', '{body}']\n"
                "    parameters:\n"
                "      id: {type: string}\n"
                "      body: {type: string}\n"
                "  - name: recent\n"
                "    server: ro\n"
                "    command: [LRANGE, '" +
                p_ +
                "list', 0, '{n}']\n"
                "    parameters:\n"
                "      n: {type: integer, minimum: 0, maximum: 100, default: 1}\n"
        ));
    }
    static void TearDownTestSuite() { stop_gateway(gw_); }

    void SetUp() override {
        ASSERT_TRUE(gw_ && gw_->started());
        db_ = std::make_unique<direct_client>(host_, port_);
        db_->run({"SET", p_ + "str", "hello"});
        db_->run({"HSET", p_ + "hash", "name", "alice", "role", "admin"});
        db_->run({"DEL", p_ + "list"});
        db_->run({"RPUSH", p_ + "list", "a", "b", "c", "d", "e"});
        db_->run({"SET", p_ + "bin", std::string("\x00\xff\x10", 3)});
        db_->run({"SET", p_ + "ttl", "x", "EX", "100"});
        db_->run({"SET", p_ + "note:1", "first note"});
        client_ = std::make_unique<mcp_client>(gw_->port());
        ASSERT_EQ(client_->initialize("2025-06-18").status, 200);
    }

    json
    cmd(const std::string& server, const std::string& command, const json& args = json::array()) {
        return call(
            *client_,
            "redis_command",
            {{"server", server}, {"command", command}, {"args", args}}
        );
    }
    static json reply_of(const json& r) { return r["structuredContent"]["reply"]; }

    static inline std::string host_;
    static inline int port_ = 0;
    static inline std::string p_;
    static inline std::unique_ptr<gateway_process> gw_;
    std::unique_ptr<direct_client> db_;
    std::unique_ptr<mcp_client> client_;
};

TEST_F(RedisTools, ToolsAreListedWithSchemas) {
    auto list = client_->call("tools/list");
    json redis_tool;
    for (const auto& t : list["result"]["tools"]) {
        if (t["name"] == "redis_command") {
            redis_tool = t;
        }
    }
    ASSERT_TRUE(redis_tool.is_object()) << list;
    EXPECT_EQ(
        redis_tool["inputSchema"]["properties"]["server"]["enum"],
        json::array({"ro", "rw", "capped", "wirecap", "db5"})
    );
    EXPECT_TRUE(redis_tool.contains("outputSchema"));
    EXPECT_FALSE(redis_tool["annotations"]["readOnlyHint"].get<bool>());  // rw is reachable
    auto desc = redis_tool["inputSchema"]["properties"]["server"]["description"].get<std::string>();
    EXPECT_NE(desc.find("rw (read_write)"), std::string::npos) << desc;
}

TEST_F(RedisTools, EverydayReadsReturnTheirReplies) {
    auto r = cmd("ro", "GET", {p_ + "str"});
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_EQ(reply_of(r), "hello");
    EXPECT_EQ(r["structuredContent"]["type"], "string");
    EXPECT_FALSE(r["structuredContent"]["truncated"].get<bool>());
    EXPECT_TRUE(r["structuredContent"]["elapsed_ms"].is_number());
    EXPECT_EQ(r["content"][0]["text"], "\"hello\"");

    r = cmd("ro", "hgetall", {p_ + "hash"});
    EXPECT_EQ(reply_of(r), json::array({"name", "alice", "role", "admin"})) << r;

    r = cmd("ro", "LRANGE", {p_ + "list", 0, -1});
    EXPECT_EQ(reply_of(r), json::array({"a", "b", "c", "d", "e"})) << r;
    EXPECT_EQ(r["structuredContent"]["type"], "array");

    r = cmd("ro", "TYPE", {p_ + "hash"});
    EXPECT_EQ(reply_of(r), "hash") << r;
    EXPECT_EQ(r["structuredContent"]["type"], "status");

    r = cmd("ro", "TTL", {p_ + "ttl"});
    EXPECT_EQ(r["structuredContent"]["type"], "integer") << r;
    EXPECT_GT(reply_of(r).get<int>(), 90);

    r = cmd("ro", "GET", {p_ + "missing"});
    EXPECT_TRUE(reply_of(r).is_null()) << r;
    EXPECT_EQ(r["structuredContent"]["type"], "null");

    r = cmd("ro", "EXISTS", {p_ + "str", p_ + "hash", p_ + "missing"});
    EXPECT_EQ(reply_of(r), 2) << r;

    r = cmd("ro", "OBJECT", {"ENCODING", p_ + "list"});
    EXPECT_EQ(error_code(r), "") << r;
    EXPECT_TRUE(reply_of(r).is_string()) << r;

    r = cmd("ro", "MEMORY", {"USAGE", p_ + "str"});
    EXPECT_TRUE(reply_of(r).is_number_integer()) << r;

    r = cmd("ro", "INFO", {"server"});
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_NE(reply_of(r).get<std::string>().find("redis_version:7"), std::string::npos);

    r = cmd("ro", "PING");
    EXPECT_EQ(reply_of(r), "PONG") << r;
}

TEST_F(RedisTools, ScanWalksTheKeyspace) {
    std::set<std::string> seen;
    std::string cursor = "0";
    for (int i = 0; i < 10000; ++i) {
        auto r = cmd("ro", "SCAN", {cursor, "MATCH", p_ + "*", "COUNT", 1000});
        ASSERT_EQ(error_code(r), "") << r;
        const auto& rep = reply_of(r);
        cursor = rep[0].get<std::string>();
        for (const auto& k : rep[1]) {
            seen.insert(k.get<std::string>());
        }
        if (cursor == "0") {
            break;
        }
    }
    EXPECT_TRUE(seen.contains(p_ + "str"));
    EXPECT_TRUE(seen.contains(p_ + "hash"));
    EXPECT_TRUE(seen.contains(p_ + "list"));
}

TEST_F(RedisTools, BinaryValuesComeAsBase64) {
    auto r = cmd("ro", "GET", {p_ + "bin"});
    EXPECT_EQ(reply_of(r), (json{{"base64", "AP8Q"}})) << r;
    EXPECT_NE(r["content"][0]["text"].get<std::string>().find("(base64) AP8Q"), std::string::npos);
}

TEST_F(RedisTools, ReadOnlyRefusesWritesAndReadWriteRunsThem) {
    auto r = cmd("ro", "SET", {p_ + "str", "changed"});
    EXPECT_EQ(error_code(r), "refused") << r;
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "command");
    EXPECT_EQ(db_->get(p_ + "str"), "hello");

    r = cmd("ro", "DEL", {p_ + "str"});
    EXPECT_EQ(error_code(r), "refused") << r;

    r = cmd("rw", "SET", {p_ + "str", "changed"});
    EXPECT_EQ(reply_of(r), "OK") << r;
    EXPECT_EQ(db_->get(p_ + "str"), "changed");

    r = cmd("rw", "INCRBY", {p_ + "counter", 5});
    EXPECT_EQ(reply_of(r), 5) << r;

    r = cmd("rw", "FLUSHALL");
    EXPECT_EQ(error_code(r), "refused") << r;
    EXPECT_EQ(db_->get(p_ + "str"), "changed");
}

TEST_F(RedisTools, ErrorRepliesAreBackendErrors) {
    auto r = cmd("rw", "INCR", {p_ + "list"});
    EXPECT_EQ(error_code(r), "backend_error") << r;
    EXPECT_NE(
        r["_meta"]["mcpgw/error"]["message"].get<std::string>().find("WRONGTYPE"),
        std::string::npos
    );

    r = cmd("ro", "GET");
    EXPECT_EQ(error_code(r), "backend_error") << r;  // Redis's own arity error
    EXPECT_NE(r.dump().find("wrong number of arguments"), std::string::npos) << r;

    r = cmd("ro", "NOSUCHCOMMAND");
    EXPECT_EQ(error_code(r), "invalid_argument") << r;
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "command");

    r = cmd("ro", "GET " + p_ + "str");
    EXPECT_EQ(error_code(r), "invalid_argument") << r;

    r = cmd("nosuch", "GET", {"k"});
    EXPECT_EQ(error_code(r), "invalid_argument") << r;
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "server");
}

TEST_F(RedisTools, RepliesAreTruncatedByItemsAndBytes) {
    // An explicit span (within max_count) runs and is cut; 0 -1 would be refused for the
    // list's length (RedisBounds).
    auto r = cmd("capped", "LRANGE", {p_ + "list", 0, 4});
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_EQ(reply_of(r), json::array({"a", "b", "c"}));
    EXPECT_TRUE(r["structuredContent"]["truncated"].get<bool>());
    EXPECT_EQ(r["structuredContent"]["truncated_reason"], "max_items");
    EXPECT_NE(r["content"][0]["text"].get<std::string>().find("truncated"), std::string::npos);

    db_->run({"SET", p_ + "big", std::string(1000, 'z')});
    r = cmd("capped", "GET", {p_ + "big"});
    EXPECT_EQ(reply_of(r), std::string(64, 'z')) << r;
    EXPECT_EQ(r["structuredContent"]["truncated_reason"], "max_result_bytes");

    r = cmd("ro", "GET", {p_ + "big"});
    EXPECT_FALSE(r["structuredContent"]["truncated"].get<bool>());
}

// A reply larger than max_reply_bytes on the wire is not read into memory: the link is dropped
// mid-reply, the call is refused with what to do instead, the data is untouched, and the next
// call on the same server gets a fresh connection.
TEST_F(RedisTools, HugeRepliesAreRefusedBeforeBeingRead) {
    const std::string key = p_ + "huge";
    db_->run({"DEL", key});
    std::vector<std::string> push{"RPUSH", key};
    for (int i = 0; i < 2000; ++i) {
        push.push_back(std::string(100, static_cast<char>('a' + i % 26)));
    }
    db_->run(push);
    // 0 1999, not 0 -1: the whole-list form is refused by max_items before it is sent.
    auto r = cmd("wirecap", "LRANGE", {key, 0, 1999});
    EXPECT_EQ(error_code(r), "refused") << r;
    auto message = r["_meta"]["mcpgw/error"]["message"].get<std::string>();
    EXPECT_NE(message.find("max_reply_bytes (4096 bytes"), std::string::npos) << message;
    EXPECT_NE(message.find("SCAN"), std::string::npos) << message;

    auto small = cmd("wirecap", "LRANGE", {key, 0, 2});
    ASSERT_EQ(error_code(small), "") << small;
    EXPECT_EQ(reply_of(small).size(), 3U);
    auto len = cmd("wirecap", "LLEN", {key});
    EXPECT_EQ(reply_of(len), 2000) << "nothing was changed on the server";
    // Under the default cap (4 x max_result_bytes = 4 MiB) the same reply is read and shown.
    auto whole = cmd("ro", "LRANGE", {key, 0, 1999});
    ASSERT_EQ(error_code(whole), "") << whole;
    EXPECT_EQ(reply_of(whole).size(), 1000U) << "max_items (default 1000) still applies";
}

TEST_F(RedisTools, UrlSelectsTheDatabase) {
    direct_client db5(host_, port_, 5);
    db5.run({"SET", p_ + "in5", "five"});
    auto r = cmd("db5", "GET", {p_ + "in5"});
    EXPECT_EQ(reply_of(r), "five") << r;
    r = cmd("ro", "GET", {p_ + "in5"});
    EXPECT_TRUE(reply_of(r).is_null()) << r;
    db5.run({"DEL", p_ + "in5"});
}

TEST_F(RedisTools, DeclaredToolsRunWithTheirParameters) {
    auto r = call(*client_, "note", {{"id", "1"}});
    EXPECT_EQ(reply_of(r), "first note") << r;
    r = call(*client_, "recent", json::object());
    EXPECT_EQ(reply_of(r), json::array({"a", "b"})) << r;  // default n = 1
    r = call(*client_, "recent", {{"n", 2}});
    EXPECT_EQ(reply_of(r), json::array({"a", "b", "c"})) << r;
    r = call(*client_, "recent", {{"n", 1000}});
    EXPECT_EQ(error_code(r), "invalid_argument") << r;  // above maximum
}

TEST_F(RedisTools, HostileParameterValuesStayOneArgument) {
    // A value that spells RESP commands: it is part of one key name, so nothing runs.
    std::string hostile = "1\r\n*1\r\n$8\r\nFLUSHALL\r\n*2\r\n$3\r\nDEL\r\n$5\r\nother";
    auto r = call(*client_, "note", {{"id", hostile}});
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_TRUE(reply_of(r).is_null()) << r;
    EXPECT_EQ(db_->get(p_ + "note:1"), "first note");
    EXPECT_EQ(db_->get(p_ + "str"), "hello");

    // As a stored value: written verbatim, as one value, under one key.
    std::string body = "x y z\r\n*3\r\n$3\r\nDEL\r\n$3\r\nstr\r\n";
    r = call(*client_, "save_note", {{"id", "2 extra args"}, {"body", body}});
    EXPECT_EQ(reply_of(r), "OK") << r;
    EXPECT_EQ(db_->get(p_ + "note:2 extra args"), body);
    EXPECT_EQ(db_->get(p_ + "str"), "hello");
    EXPECT_EQ(db_->run({"EXISTS", p_ + "note:2"}).integer, 0);
}

TEST_F(RedisTools, ListServersShowsPoolState) {
    (void)cmd("ro", "PING");
    auto r = call(*client_, "list_servers", {{"type", "redis"}});
    ASSERT_EQ(error_code(r), "") << r;
    json ro;
    for (const auto& s : r["structuredContent"]["servers"]) {
        if (s["name"] == "ro") {
            ro = s;
        }
    }
    ASSERT_TRUE(ro.is_object()) << r;
    EXPECT_EQ(ro["access"], "read_only");
    EXPECT_EQ(ro["stats"]["command_table"], "server") << ro;
    EXPECT_GE(ro["stats"]["pool"]["size"].get<int>(), 1) << ro;
}

}  // namespace
}  // namespace mcpgw::itest::redis
