#include "function_denylist.hpp"

#include <algorithm>
#include <array>

namespace mcpgw::backends::sql_guard {

namespace {

template <std::size_t N>
bool in(std::string_view name, const std::array<std::string_view, N>& list) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

template <std::size_t N>
bool prefixed(std::string_view name, const std::array<std::string_view, N>& list) {
    return std::any_of(list.begin(), list.end(), [&](std::string_view p) {
        return name.starts_with(p);
    });
}

constexpr auto pg_denied = std::to_array<std::string_view>({
    "pg_terminate_backend",
    "pg_cancel_backend",
    "pg_reload_conf",
    "pg_rotate_logfile",
    "pg_rotate_logfile_old",
    "pg_promote",
    "pg_switch_wal",
    "pg_switch_xlog",
    "pg_start_backup",
    "pg_stop_backup",
    "pg_log_backend_memory_contexts",
    "pg_import_system_collations",
    "pg_stat_file",
    "pg_logdir_ls",
    "lo_import",
    "lo_export",
    "lo_unlink",
    "lo_create",
    "lo_creat",
    "lo_open",
    "lo_close",
    "lo_put",
    "lo_get",
    "lo_from_bytea",
    "lo_truncate",
    "lo_truncate64",
    "lo_lseek",
    "lo_lseek64",
    "lo_tell",
    "lo_tell64",
    "lowrite",
    "loread",
    "set_config",
    "pg_notify",
});

// Families: every member has the side effect (or runs SQL given as a string, which we cannot see).
constexpr auto pg_denied_prefixes = std::to_array<std::string_view>({
    "pg_advisory_",
    "pg_try_advisory_",
    "pg_sleep",
    "pg_read_file",
    "pg_read_binary_file",
    "pg_ls_",
    "pg_file_",
    "pg_backup_",
    "pg_create_",
    "pg_drop_replication_slot",
    "pg_copy_",
    "pg_logical_",
    "pg_replication_",
    "pg_wal_replay_",
    "pg_stat_reset",
    "pg_stat_statements_reset",
    "dblink",
    "query_to_xml",
    "cursor_to_xml",
    "table_to_xml",
    "schema_to_xml",
    "database_to_xml",
    "ts_stat",
    "binary_upgrade_",
    "pg_truncate_visibility_map",
    "pg_xlog_replay_",
});

constexpr auto mysql_denied = std::to_array<std::string_view>({
    "sleep",
    "benchmark",
    "load_file",
    "get_lock",
    "release_lock",
    "release_all_locks",
    "is_free_lock",
    "is_used_lock",
    "master_pos_wait",
    "source_pos_wait",
    "master_gtid_wait",
    "wait_for_executed_gtid_set",
    "wait_until_sql_thread_after_gtids",
    "sys_exec",
    "sys_eval",
    "sys_get",
    "sys_set",
    "lib_mysqludf_sys_info",
    "sys_bineval",
});

constexpr auto sqlite_denied = std::to_array<std::string_view>({
    "load_extension",
    "readfile",
    "writefile",
    "edit",
    "fts3_tokenizer",
    "fsdir",
});

constexpr auto sequence_writes = std::to_array<std::string_view>({"nextval", "setval"});

}  // namespace

function_class classify_function(std::string_view name, sql_dialect d) {
    switch (d) {
        case sql_dialect::postgres:
            if (in(name, pg_denied) || prefixed(name, pg_denied_prefixes))
                return function_class::denied;
            break;
        case sql_dialect::mysql:
            if (in(name, mysql_denied))
                return function_class::denied;
            break;
        case sql_dialect::sqlite:
            if (in(name, sqlite_denied))
                return function_class::denied;
            return function_class::allowed;
    }
    return in(name, sequence_writes) ? function_class::write : function_class::allowed;
}

}  // namespace mcpgw::backends::sql_guard
