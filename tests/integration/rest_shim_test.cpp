// REST smoke shim: GET /tools/list and POST /tools/call, curl-style (no Content-Type).
#include "support/suite.hpp"

namespace mcpgw::itest {
namespace {

class RestShim : public conformance_gateway {};

TEST_F(RestShim, ToolsList) {
    auto r = http_request(port(), "GET", "/tools/list");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.header("Content-Type").find("application/json"), std::string::npos);
    auto body = r.body_json();
    ASSERT_TRUE(body.contains("tools")) << r.body;
    bool found = false;
    for (const auto& t : body["tools"]) {
        found = found || t.value("name", "") == "test_simple_text";
    }
    EXPECT_TRUE(found) << r.body;
}

TEST_F(RestShim, CallWithBareBody) {
    // Like `curl -d '{...}'`: no Content-Type at all, and curl's form default.
    for (const header_list& h :
         {header_list{}, header_list{{"Content-Type", "application/x-www-form-urlencoded"}}}) {
        auto r = http_request(port(), "POST", "/tools/call", h, R"({"name": "test_simple_text"})");
        ASSERT_EQ(r.status, 200) << r.body;
        auto body = r.body_json();
        EXPECT_FALSE(body.value("isError", false)) << r.body;
        ASSERT_TRUE(body.contains("content")) << r.body;
        EXPECT_EQ(body["content"][0].value("type", ""), "text");
    }
    auto with_args = http_request(
        port(),
        "POST",
        "/tools/call",
        {},
        R"({"name": "test_simple_text", "arguments": {}})"
    );
    EXPECT_EQ(with_args.status, 200) << with_args.body;
}

TEST_F(RestShim, ToolErrorsAreStill200) {
    auto r = http_request(port(), "POST", "/tools/call", {}, R"({"name": "test_error_handling"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.body_json().value("isError", false)) << r.body;
    // Invalid arguments are a tool error too.
    auto invalid = http_request(
        port(),
        "POST",
        "/tools/call",
        {},
        R"({"name": "test_sampling", "arguments": {"prompt": 7}})"
    );
    ASSERT_EQ(invalid.status, 200) << invalid.body;
    EXPECT_EQ(invalid.body_json()["error"].value("code", ""), "invalid_argument") << invalid.body;
}

TEST_F(RestShim, MalformedBodyIs400) {
    for (const char* body :
         {"{not json",
          "[1, 2]",
          "\"text\"",
          "{}",
          R"({"name": 5})",
          R"({"name": "test_simple_text", "arguments": [1]})",
          ""}) {
        auto r = http_request(port(), "POST", "/tools/call", {}, body);
        EXPECT_EQ(r.status, 400) << "body '" << body << "': " << r.body;
        EXPECT_TRUE(r.body_json().contains("error")) << r.body;
    }
}

TEST_F(RestShim, UnknownToolIs404) {
    auto r = http_request(port(), "POST", "/tools/call", {}, R"({"name": "no_such_tool"})");
    EXPECT_EQ(r.status, 404) << r.body;
}

TEST_F(RestShim, WrongMethodIs405) {
    auto r = http_request(port(), "GET", "/tools/call");
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.header("Allow"), "POST");
    auto r2 = http_request(port(), "POST", "/tools/list", {}, "{}");
    EXPECT_EQ(r2.status, 405);
    EXPECT_EQ(http_request(port(), "GET", "/no/such/path").status, 404);
}

}  // namespace
}  // namespace mcpgw::itest
