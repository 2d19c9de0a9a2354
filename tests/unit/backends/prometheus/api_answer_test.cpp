// Prometheus answers and HTTP failures turned into results: Prometheus's own message for bad
// PromQL, stable codes for the rest, truncation said clearly.
#include "../fake_call_context.hpp"

#include <backends/prometheus/api_answer.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends;
using namespace mcpgw::backends::prometheus;
using nlohmann::json;

http::http_result response(unsigned status, std::string body, bool truncated = false) {
    http::http_result r;
    r.response.emplace();
    r.response->status = status;
    r.response->body = std::move(body);
    r.response->truncated = truncated;
    return r;
}

http::http_result failure(http::http_errc code, std::string message) {
    http::http_result r;
    r.error = http::http_error{code, std::move(message)};
    return r;
}

api_answer interpret(const http::http_result& r) {
    parse_caps caps;
    caps.item_paths = {"$.data.result"};
    return interpret_answer(r, caps, "metrics", 1024);
}

std::string message_of(const api_answer& a) {
    return a.error["_meta"]["mcpgw/error"]["message"].get<std::string>();
}

TEST(PrometheusAnswer, Success) {
    auto a = interpret(response(
        200,
        R"({"status":"success","data":{"resultType":"vector","result":[]},"warnings":["w1"]})"
    ));
    ASSERT_TRUE(a.ok());
    EXPECT_TRUE(a.server_reached);
    EXPECT_EQ(a.data()["resultType"], "vector");
    EXPECT_EQ(a.warnings, std::vector<std::string>{"w1"});
}

TEST(PrometheusAnswer, BadPromqlIsInvalidArgumentWithPrometheusMessage) {
    auto a = interpret(response(
        400,
        R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:4: parse error: unexpected end of input inside braces"})"
    ));
    ASSERT_FALSE(a.ok());
    EXPECT_TRUE(a.server_reached);
    EXPECT_EQ(test::error_code_of(a.error), "invalid_argument");
    EXPECT_EQ(a.error["_meta"]["mcpgw/error"]["field"], "query");
    EXPECT_NE(message_of(a).find("unexpected end of input inside braces"), std::string::npos);
    EXPECT_NE(message_of(a).find("bad_data"), std::string::npos);
}

TEST(PrometheusAnswer, OtherPrometheusErrors) {
    auto a = interpret(response(
        422,
        R"({"status":"error","errorType":"execution","error":"many-to-many matching not allowed"})"
    ));
    EXPECT_EQ(test::error_code_of(a.error), "backend_error");
    EXPECT_NE(message_of(a).find("many-to-many"), std::string::npos);
    a = interpret(response(
        503,
        R"({"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"})"
    ));
    EXPECT_EQ(test::error_code_of(a.error), "timeout");
    a = interpret(
        response(503, R"({"status":"error","errorType":"unavailable","error":"not ready"})")
    );
    EXPECT_EQ(test::error_code_of(a.error), "unavailable");
    a = interpret(response(503, "Service Unavailable"));
    EXPECT_EQ(test::error_code_of(a.error), "unavailable");
    a = interpret(response(404, "404 page not found"));
    EXPECT_EQ(test::error_code_of(a.error), "backend_error");
    EXPECT_NE(message_of(a).find("HTTP 404"), std::string::npos);
    EXPECT_NE(message_of(a).find("is the URL right"), std::string::npos);
    a = interpret(response(200, "<html>hi</html>"));
    EXPECT_EQ(test::error_code_of(a.error), "backend_error");
}

TEST(PrometheusAnswer, CutBeforeAnyDataSaysSo) {
    auto a = interpret(response(200, R"({"status":"succ)", true));
    EXPECT_EQ(test::error_code_of(a.error), "backend_error");
    EXPECT_NE(message_of(a).find("cut at max_response_bytes (1024 bytes)"), std::string::npos);
    a = interpret(response(200, R"({"status":"success",)", true));
    EXPECT_EQ(test::error_code_of(a.error), "backend_error");
    EXPECT_NE(message_of(a).find("before any data arrived"), std::string::npos);
}

TEST(PrometheusAnswer, CutAfterDataIsAPartialSuccess) {
    auto a = interpret(response(
        200,
        R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"1"]},{"met)",
        true
    ));
    ASSERT_TRUE(a.ok());
    EXPECT_FALSE(a.doc->complete);
    EXPECT_TRUE(a.doc->truncated());
    EXPECT_EQ(a.data()["result"].size(), 2U);  // the second one is partial
}

TEST(PrometheusAnswer, ClientFailures) {
    auto a = interpret(failure(
        http::http_errc::connect_failed,
        "connecting to http://127.0.0.1:1 failed: Connection refused"
    ));
    EXPECT_EQ(test::error_code_of(a.error), "unavailable");
    EXPECT_FALSE(a.server_reached);
    EXPECT_TRUE(a.error["_meta"]["mcpgw/error"]["retryable"].get<bool>());
    EXPECT_NE(message_of(a).find("Connection refused"), std::string::npos);
    EXPECT_EQ(
        test::error_code_of(interpret(failure(http::http_errc::resolve_failed, "x")).error),
        "unavailable"
    );
    EXPECT_EQ(
        test::error_code_of(interpret(failure(http::http_errc::tls_failed, "x")).error),
        "unavailable"
    );
    EXPECT_EQ(
        test::error_code_of(interpret(failure(http::http_errc::timeout, "x")).error),
        "timeout"
    );
    EXPECT_EQ(
        test::error_code_of(interpret(failure(http::http_errc::cancelled, "x")).error),
        "cancelled"
    );
    EXPECT_EQ(
        test::error_code_of(interpret(failure(http::http_errc::protocol_error, "x")).error),
        "backend_error"
    );
}

TEST(PrometheusAnswer, FieldOfMessage) {
    EXPECT_EQ(field_of_message("invalid parameter \"query\": x"), "query");
    EXPECT_EQ(field_of_message("invalid parameter \"match[]\": x"), "match");
    EXPECT_EQ(field_of_message("invalid parameter \"end\": x"), "end");
    EXPECT_EQ(field_of_message("invalid parameter \"other\": x"), std::nullopt);
    EXPECT_EQ(field_of_message("something else"), std::nullopt);
}

}  // namespace
