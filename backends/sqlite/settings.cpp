#include "settings.hpp"

namespace mcpgw::backends::sqlite {

settings parse_settings(const config_node& server) {
    server.check_keys(
        {"name",
         "type",
         "path",
         "access",
         "description",
         "max_rows",
         "max_result_bytes",
         "timeout",
         "busy_timeout"}
    );
    settings s;
    s.name = server.required_string("name");
    s.path = server.required_string("path");
    if (s.path.empty()) {
        server.child("path").fail("must not be empty");
    }
    s.description = server.optional_string("description", "");
    s.access = server.optional_access("access", access_mode::read_only);
    s.max_rows = static_cast<std::size_t>(server.optional_int("max_rows", 1000, 1, 1'000'000));
    s.max_result_bytes = static_cast<std::size_t>(
        server.optional_int("max_result_bytes", 1024 * 1024, 1024, std::int64_t{256} * 1024 * 1024)
    );
    s.timeout = server.optional_duration("timeout", std::chrono::seconds(30));
    s.busy_timeout = server.optional_duration("busy_timeout", std::chrono::seconds(5));
    if (s.timeout.count() <= 0) {
        server.child("timeout").fail("must be positive");
    }
    if (s.busy_timeout.count() < 0) {
        server.child("busy_timeout").fail("must not be negative");
    }
    return s;
}

}  // namespace mcpgw::backends::sqlite
