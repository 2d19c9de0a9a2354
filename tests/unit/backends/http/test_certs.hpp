#pragma once
// A throwaway CA and a server certificate for DNS:localhost only, made once per test binary
// with the openssl CLI in a temp dir (removed at exit).

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace mcpgw::backends::http::testing {

struct test_certs {
    std::filesystem::path dir;
    std::string ca_file() const { return (dir / "ca.pem").string(); }
    std::string cert_file() const { return (dir / "server.pem").string(); }
    std::string key_file() const { return (dir / "server.key").string(); }

    test_certs() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "mcpgw-http-certs-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        dir = pattern;
        std::ofstream(dir / "ext.cnf") << "subjectAltName=DNS:localhost\n"
                                          "basicConstraints=CA:FALSE\n"
                                          "keyUsage=digitalSignature,keyEncipherment\n"
                                          "extendedKeyUsage=serverAuth\n";
        const std::string d = dir.string();
        const std::string script = "cd '" + d +
                                   "' && "
                                   "openssl req -x509 -newkey ec -pkeyopt "
                                   "ec_paramgen_curve:prime256v1 -nodes -keyout ca.key "
                                   "-out ca.pem -days 2 -subj /CN=mcpgw-test-ca "
                                   "-addext basicConstraints=critical,CA:TRUE -addext "
                                   "keyUsage=critical,keyCertSign,cRLSign && "
                                   "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                                   "-nodes -keyout server.key "
                                   "-out server.csr -subj /CN=localhost && "
                                   "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key "
                                   "-CAcreateserial -out server.pem "
                                   "-days 2 -extfile ext.cnf";
        const std::string quiet = "(" + script + ") >'" + d + "/openssl.log' 2>&1";
        if (std::system(quiet.c_str()) != 0) {
            throw std::runtime_error("openssl failed, see " + d + "/openssl.log");
        }
    }
    ~test_certs() {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
    test_certs(const test_certs&) = delete;
    test_certs& operator=(const test_certs&) = delete;
    test_certs(test_certs&&) = delete;
    test_certs& operator=(test_certs&&) = delete;

    static const test_certs& get() {
        static const test_certs certs;
        return certs;
    }
};

}  // namespace mcpgw::backends::http::testing
