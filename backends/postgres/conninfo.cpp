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

std::string session_options(const settings& s) {
    std::string o =
        "-c DateStyle=ISO -c TimeZone=UTC -c IntervalStyle=postgres -c bytea_output=hex "
        "-c extra_float_digits=1 -c statement_timeout=" +
        std::to_string(s.server_statement_timeout.count());
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
