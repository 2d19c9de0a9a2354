#pragma once
// JWT bearer tokens (RFC 7519, JWS compact form RFC 7515), verified with OpenSSL's EVP API:
// no hand-written cryptography. Sans-I/O: keys come in as a parsed JWKS (RFC 7517), the time
// is passed in. What is refused, each with its own reason for the log (the client only ever
// sees 401):
//  - anything but three base64url parts, a token over 8 KiB, a header or payload that is not
//    a JSON object;
//  - "alg" not on the issuer's allowlist (so never "none"), a "crit" header (no extension is
//    understood), a "kid" the key set does not have (when the set has several keys);
//  - a key whose type does not fit the algorithm (RS/PS need RSA, ES256 P-256, ES384 P-384,
//    EdDSA Ed25519) or whose own "alg" differs: an HMAC is only ever checked with the
//    configured secret, never with a public key (the HS/RS confusion);
//  - a bad signature; "iss" not the issuer; no "aud" among the audiences; "exp" passed,
//    "nbf" or "iat" in the future (each with the leeway); a missing "exp".

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

struct evp_pkey_st;

namespace mcpgw::server {

inline constexpr std::size_t max_jwt_bytes = 8 * 1024;

/// One public key of a JWKS.
struct jwk {
    std::string kid;
    std::string kty;  // RSA, EC, OKP
    std::string crv;  // EC: P-256, P-384; OKP: Ed25519
    std::string alg;  // "" when the key does not say
    std::shared_ptr<evp_pkey_st> key;
};

/// A parsed JWKS. Keys that are not for signatures ("use": "enc") or of types this gateway
/// does not verify are skipped; a malformed key is an error (a typo must not go unnoticed).
struct jwk_set {
    std::vector<jwk> keys;
    static std::variant<jwk_set, std::string> parse(std::string_view json_text);
};

/// One trusted issuer (auth.jwt[] in the configuration).
struct jwt_issuer {
    std::string issuer;                  // "iss" must equal this
    std::vector<std::string> audiences;  // "aud" must contain one of these
    std::vector<std::string>
        algorithms;  // allowlist: RS256 RS384 RS512 PS256 ES256 ES384 EdDSA HS256
    std::shared_ptr<const jwk_set> keys;  // for the asymmetric algorithms
    std::string hs256_secret;             // for HS256 ("" = not allowed)
    std::chrono::seconds leeway{60};
    std::string principal_claim = "sub";
    std::string roles_claim;  // "" = none; a list of strings, or a space-separated string
};

struct jwt_identity {
    std::string issuer;
    std::string principal;
    std::vector<std::string> roles;
};

/// Verifies `token` against the issuer named by its (unverified) "iss"; the identity, or the
/// reason it was refused.
std::variant<jwt_identity, std::string> verify_jwt(
    std::string_view token,
    const std::vector<jwt_issuer>& issuers,
    std::chrono::system_clock::time_point now
);

/// base64url without padding (RFC 7515 section 2); nullopt on any other byte.
std::optional<std::string> base64url_decode(std::string_view in);
std::string base64url_encode(std::string_view in);

}  // namespace mcpgw::server
