#include "sqlite_db.hpp"

#include "gateway_process.hpp"

#include <stdexcept>

#include <sqlite3.h>

namespace mcpgw::itest {

void build_sqlite_db(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
        std::string why = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        throw std::runtime_error("cannot create " + path + ": " + why);
    }
    char* error = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    std::string why = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    if (rc != SQLITE_OK) {
        throw std::runtime_error("cannot build " + path + ": " + why);
    }
}

void build_demo_db(const std::string& path) {
    std::string sql = read_file(std::string(MCPGW_SOURCE_DIR) + "/deploy/examples/demo.sql");
    if (sql.empty()) {
        throw std::runtime_error("deploy/examples/demo.sql not found");
    }
    build_sqlite_db(path, sql);
}

}  // namespace mcpgw::itest
