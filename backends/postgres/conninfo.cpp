#include "conninfo.hpp"

namespace mcpgw::backends::postgres {

std::string conninfo::get(std::string_view key) const {
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == key) {
            return values[i];
        }
    }
    return {};
}

bool is_socket_path(std::string_view host) {
    return !host.empty() && host.front() == '/';
}

std::string pinned_search_path(const settings& s) {
    std::string path = "pg_catalog";
    for (const auto& schema : s.search_path) {
        path += ",\"";
        for (char c : schema) {
            path += c;
            if (c == '"') {
                path += '"';  // doubled inside a quoted identifier
            }
        }
        path += '"';
    }
    return path + ",pg_temp";
}

std::string session_options(const settings& s) {
    // libpq splits `options` at spaces unless escaped with a backslash.
    std::string path;
    for (char c : pinned_search_path(s)) {
        if (c == ' ' || c == '\\') {
            path += '\\';
        }
        path += c;
    }
    // standard_conforming_strings: the guard parses with PostgreSQL's default reading of
    // '...\...' (backslashes are plain characters); a role or database set to `off` would
    // make the server read a string differently. search_path: pg_catalog first, so that no
    // schema shadows a function or operator the guard judged by name.
    std::string o =
        "-c DateStyle=ISO -c TimeZone=UTC -c IntervalStyle=postgres -c bytea_output=hex "
        "-c extra_float_digits=1 -c standard_conforming_strings=on -c search_path=" +
        path + " -c statement_timeout=" + std::to_string(s.server_statement_timeout.count());
    if (s.server.access == access_mode::read_only) {
        o += " -c default_transaction_read_only=on";
    }
    return o;
}

conninfo make_conninfo(const settings& s, std::string_view address) {
    conninfo c;
    auto add = [&c](std::string key, std::string value) {
        c.keys.push_back(std::move(key));
        c.values.push_back(std::move(value));
    };
    add("host", s.server.host);
    if (!is_socket_path(s.server.host)) {
        add("hostaddr", std::string(address));
    }
    add("port", std::to_string(s.server.port));
    add("user", s.server.user);
    if (!s.server.password.empty()) {
        add("password", s.server.password);
    }
    add("dbname", s.server.database);
    add("sslmode", s.sslmode);
    add("application_name", s.application_name);
    add("client_encoding", "UTF8");
    add("options", session_options(s));
    // Never read a password file or service file from the gateway's environment.
    add("passfile", "/dev/null");
    return c;
}

}  // namespace mcpgw::backends::postgres
