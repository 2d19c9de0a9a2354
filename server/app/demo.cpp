#include "demo.hpp"

#include "demo_assets.hpp"

#include <backends/core/log.hpp>

#include <cstdlib>
#include <filesystem>

#include <sqlite3.h>

namespace mcpgw::server {

namespace {

void build_database(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        std::string why = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        throw backends::config_error("cannot create the demo database " + path + ": " + why);
    }
    char* error = nullptr;
    std::string sql(demo_sql());
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        std::string why = error ? error : "unknown error";
        sqlite3_free(error);
        sqlite3_close(db);
        std::filesystem::remove(path);
        throw backends::config_error("cannot build the demo database: " + why);
    }
    sqlite3_close(db);
}

}  // namespace

std::string demo_database_path() {
    const char* env = std::getenv("MCPGW_DEMO_DB");
    return env && *env ? std::string(env) : std::string("/tmp/mcpgw-demo.db");
}

bool ensure_demo_database(const std::string& path) {
    if (std::filesystem::exists(path)) {
        return false;
    }
    build_database(path);
    return true;
}

gateway_config load_demo_config(bool build) {
    std::string path = demo_database_path();
    // The embedded demo.yaml reads the path from the environment, like a --config user does.
    setenv("MCPGW_DEMO_DB", path.c_str(), 1);
    if (build && ensure_demo_database(path)) {
        log::info("demo database created", {{"path", path}});
    }
    return load_config_text(std::string(demo_config()), "<embedded demo.yaml>", ".");
}

}  // namespace mcpgw::server
