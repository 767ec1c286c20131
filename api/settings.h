// The settings of the service (aidledger serve) and their defaults, as
// config/aidledger.properties documents them (a test keeps the two in step).
#ifndef AIDLEDGER_API_SETTINGS_H_
#define AIDLEDGER_API_SETTINGS_H_

#include <vector>

namespace aidledger::api {

struct Setting {
  const char* key;
  const char* default_value;
};

inline const std::vector<Setting>& ServiceSettings() {
  static const std::vector<Setting> kSettings = {
      {"ledger.path", "data/aidledger.db"},
      {"ledger.name", "aidledger"},
      {"ledger.currency", "CNY"},
      {"ledger.time_zone", "Asia/Shanghai"},
      {"keys.checkpoint", ""},
      {"keys.vault", ""},
      {"http.host", "127.0.0.1"},
      {"http.port", "8080"},
      {"http.max_body_bytes", "65536"},
      {"http.max_json_depth", "16"},
      {"http.max_header_bytes", "16384"},
      {"http.timeout_seconds", "30"},
      {"http.max_threads", "16"},
      {"http.max_queued", "64"},
      {"http.head_seconds", "10"},
      {"http.max_connections_per_address", "8"},
      {"tls.certificate", ""},
      {"tls.private_key", ""},
      {"checkpoint.every_entries", "1000"},
      {"checkpoint.every_minutes", "60"},
      {"reports.streamed_rows", "20000"},
      {"reports.charitable_min_percent", "70"},
      {"reports.admin_max_percent", "10"},
      {"health.min_free_mib", "16"},
      {"logging.level", "information"},
      {"logging.file", ""},
      {"logging.rotation", "10 M"},
      {"logging.keep", "10"},
      {"admin.name", "admin"},
      {"admin.password", ""},
      {"shutdown.grace_seconds", "30"},
  };
  return kSettings;
}

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_SETTINGS_H_
