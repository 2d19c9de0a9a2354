#include <server/auth/api_key_auth.hpp>

#include <openssl/sha.h>

#include <gtest/gtest.h>

namespace mcpgw::server {
namespace {

api_key key_for(const std::string& name, const std::string& secret) {
    api_key k;
    k.name = name;
    SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), k.sha256.data());
    return k;
}

TEST(ApiKeyAuth, NoKeysMeansAnonymous) {
    api_key_auth auth({});
    EXPECT_FALSE(auth.enabled());
    EXPECT_EQ(auth.authenticate(""), "anonymous");
}

TEST(ApiKeyAuth, MatchingKeyNamesThePrincipal) {
    api_key_auth auth({key_for("ops-bot", "s3cret"), key_for("ci", "other")});
    EXPECT_EQ(auth.authenticate("Bearer s3cret"), "ops-bot");
    EXPECT_EQ(auth.authenticate("bearer other"), "ci") << "the scheme is case-insensitive";
}

TEST(ApiKeyAuth, WrongOrMalformedCredentialsAreRefused) {
    api_key_auth auth({key_for("ops-bot", "s3cret")});
    for (const char* header :
         {"",
          "Bearer",
          "Bearer ",
          "Bearer s3cre",
          "Bearer s3cret ",
          "Basic s3cret",
          "s3cret",
          "Bearer S3CRET"}) {
        EXPECT_FALSE(auth.authenticate(header)) << header;
    }
}

}  // namespace
}  // namespace mcpgw::server
