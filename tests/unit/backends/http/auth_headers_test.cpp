#include "backends/http/auth_headers.hpp"

#include "backends/http/error_text.hpp"

#include <gtest/gtest.h>

namespace mcpgw::backends::http {
namespace {

TEST(HttpAuthHeaders, BuildsBearerAndBasic) {
    EXPECT_EQ(bearer_auth_header("tok123").second, "Bearer tok123");
    const auto basic = basic_auth_header("Aladdin", "open sesame");
    EXPECT_EQ(basic.first, "Authorization");
    EXPECT_EQ(basic.second, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
}

TEST(HttpAuthHeaders, KnowsSecretHeaderNames) {
    EXPECT_TRUE(is_secret_header("authorization"));
    EXPECT_TRUE(is_secret_header("X-API-Key"));
    EXPECT_FALSE(is_secret_header("Accept"));
}

TEST(HttpErrorText, ScrubsEverySecretOccurrence) {
    const std::vector<std::string> secrets{"Bearer s3cr3t-tok", "s3cr3t-tok", "abc"};
    const auto text = scrub_secrets("got s3cr3t-tok and Bearer s3cr3t-tok; abc stays", secrets);
    EXPECT_EQ(text.find("s3cr3t"), std::string::npos);
    EXPECT_NE(text.find("abc stays"), std::string::npos);  // too short to scrub safely
}

}  // namespace
}  // namespace mcpgw::backends::http
