// aidledger serve: the HTTP service as a Poco ServerApplication.
//
// Configuration, lowest precedence first: the built-in defaults (kSettings,
// documented in config/aidledger.properties), the properties file
// (--config FILE, else config/aidledger.properties if present), environment
// variables (AIDLEDGER_HTTP_PORT for http.port, and so on), and -Dkey=value.
#include "app/serve.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/SplitterChannel.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>
#include <Poco/Util/ServerApplication.h>
#include <openssl/rand.h>

#include <algorithm>
#include <iostream>

#include "api/http_server.h"
#include "api/log_formatter.h"
#include "api/service.h"
#include "api/settings.h"
#include "app/app_util.h"
#include "ledger/base/base64.h"
#include "ledger/books/business_date.h"
#include "ledger/books/role.h"

namespace aidledger::cli {

namespace {

std::string EnvName(const std::string& key) {
  std::string out = "AIDLEDGER_";
  for (char c : key) out += c == '.' ? '_' : static_cast<char>(std::toupper(c));
  return out;
}

std::string RandomSecret() {
  unsigned char raw[15];
  if (RAND_bytes(raw, sizeof raw) != 1) return "";
  std::string b = Base64Encode(std::string_view(reinterpret_cast<const char*>(raw), sizeof raw));
  std::replace(b.begin(), b.end(), '+', '-');
  std::replace(b.begin(), b.end(), '/', '_');
  return b;
}

class ServeApp final : public Poco::Util::ServerApplication {
 protected:
  void defineOptions(Poco::Util::OptionSet& options) override {
    ServerApplication::defineOptions(options);
    options.addOption(Poco::Util::Option("help", "h", "show the options and exit")
                          .required(false)
                          .repeatable(false)
                          .callback(Poco::Util::OptionCallback<ServeApp>(this, &ServeApp::Help)));
    options.addOption(
        Poco::Util::Option("config", "c", "read settings from this properties file")
            .required(false)
            .repeatable(false)
            .argument("FILE")
            .callback(Poco::Util::OptionCallback<ServeApp>(this, &ServeApp::ConfigFile)));
    options.addOption(Poco::Util::Option("define", "D", "set a setting, e.g. -Dhttp.port=9090")
                          .required(false)
                          .repeatable(true)
                          .argument("key=value")
                          .callback(Poco::Util::OptionCallback<ServeApp>(this, &ServeApp::Define)));
  }

  void Help(const std::string&, const std::string&) {
    Poco::Util::HelpFormatter help(options());
    help.setCommand("aidledger serve");
    help.setUsage("[--config FILE] [-Dkey=value ...] [--daemon --pidfile=FILE]");
    help.setHeader("Serve the books over HTTP (the settings: config/aidledger.properties).");
    help.format(std::cout);
    stopOptionsProcessing();
    help_ = true;
  }
  void ConfigFile(const std::string&, const std::string& value) { config_file_ = value; }
  void Define(const std::string&, const std::string& value) {
    const size_t eq = value.find('=');
    defines_->setString(value.substr(0, eq), eq == std::string::npos ? "" : value.substr(eq + 1));
  }

  void initialize(Poco::Util::Application& self) override {
    // Lowest precedence first: defaults, file, environment, -D.
    Poco::AutoPtr<Poco::Util::MapConfiguration> defaults(new Poco::Util::MapConfiguration);
    Poco::AutoPtr<Poco::Util::MapConfiguration> env(new Poco::Util::MapConfiguration);
    for (const api::Setting& s : api::ServiceSettings()) {
      defaults->setString(s.key, s.default_value);
      const std::string name = EnvName(s.key);
      if (Poco::Environment::has(name)) env->setString(s.key, Poco::Environment::get(name));
    }
    config().add(defaults, 1000);
    std::string file = config_file_;
    if (file.empty() && Poco::File("config/aidledger.properties").exists()) {
      file = "config/aidledger.properties";
    }
    if (!file.empty()) {
      try {
        config().add(new Poco::Util::PropertyFileConfiguration(file), 500);
      } catch (const std::exception& e) {
        config_error_ = "cannot read the settings file " + file + ": " + e.what();
      }
    }
    config().add(env, 200);
    config().add(defines_, 100);
    ServerApplication::initialize(self);
  }

  void SetUpLogging() {
    // One record, one line: control characters in a message are escaped.
    Poco::AutoPtr<api::LogFormatter> format(new api::LogFormatter);
    Poco::AutoPtr<Poco::SplitterChannel> split(new Poco::SplitterChannel);
    split->addChannel(new Poco::ConsoleChannel);
    const std::string file = config().getString("logging.file");
    if (!file.empty()) {
      Poco::AutoPtr<Poco::FileChannel> rotating(new Poco::FileChannel(file));
      rotating->setProperty("rotation", config().getString("logging.rotation"));
      rotating->setProperty("archive", "timestamp");
      rotating->setProperty("purgeCount", config().getString("logging.keep"));
      split->addChannel(rotating);
    }
    Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(format, split));
    Poco::Logger::root().setChannel(channel);
    Poco::Logger::root().setLevel(config().getString("logging.level"));
    Poco::Logger::get("aidledger").setChannel(channel);
    Poco::Logger::get("aidledger").setLevel(config().getString("logging.level"));
    Poco::Logger::get("aidledger.access").setChannel(channel);
    Poco::Logger::get("aidledger.access").setLevel(config().getString("logging.level"));
  }

  // With no users yet, makes the first admin and prints its credentials
  // once, to the terminal only (never to the log).
  Status FirstAdmin(api::Service& service) {
    auto count = service.users().CountUsers();
    if (!count.ok()) return count.status();
    if (*count > 0) return Status::Ok();
    const std::string name = config().getString("admin.name");
    auto user = service.users().AddUser(name, std::string(RoleName(Role::kAdmin)));
    if (!user.ok()) return user.status();
    std::string password = config().getString("admin.password");
    const bool generated = password.empty();
    if (generated) password = RandomSecret();
    AIDLEDGER_RETURN_IF_ERROR(service.users().SetPassword(name, password));
    auto token = service.users().IssueToken(name, "first start");
    if (!token.ok()) return token.status();
    std::cout << "\nCreated the first user '" << name << "' (role admin). Shown once, keep it:\n"
              << "  API token: " << token->token << "\n";
    if (generated) std::cout << "  password:  " << password << "\n";
    std::cout << "Add the team with: aidledger user add NAME --role ROLE\n\n" << std::flush;
    return Status::Ok();
  }

  int main(const std::vector<std::string>&) override {
    if (help_) return EXIT_OK;
    SetUpLogging();
    Poco::Logger& log = Poco::Logger::get("aidledger");
    if (!config_error_.empty()) {
      log.critical(config_error_);
      return EXIT_CONFIG;
    }
    const auto fail = [&](const Status& s) {
      log.critical("cannot start: " + s.ToString());
      return EXIT_SOFTWARE;
    };
    try {
      const std::string db = config().getString("ledger.path");
      if (Status s = EnsureParentDir(db); !s.ok()) return fail(s);
      auto store = LedgerStore::Open(db);
      if (!store.ok() && store.status().code() == ErrorCode::kNotFound) {
        GenesisParams params{NewLedgerId(), config().getString("ledger.name")};
        params.default_currency = config().getString("ledger.currency");
        params.time_zone = config().getString("ledger.time_zone");
        if (Status s = CheckNewLedgerParams(params); !s.ok()) return fail(s);
        store = LedgerStore::Create(db, params);
        if (store.ok()) log.information("created the ledger " + db);
      }
      if (!store.ok()) return fail(store.status());
      // Before any thread starts: local dates are the team's.
      const std::string& zone = (*store)->genesis().time_zone;
      if (Status s = UseTimeZone(zone); !s.ok()) {
        log.warning("local dates follow the server's clock zone, not " + zone + ": " +
                    s.ToString());
      }
      std::string key_path = config().getString("keys.checkpoint");
      if (key_path.empty()) key_path = DefaultKeyPath(db);
      bool created = false;
      auto key = EnsureKey(key_path, CheckpointOrigin((*store)->genesis().ledger_id), &created);
      if (!key.ok()) return fail(key.status());
      if (created) log.information("made the checkpoint signing key " + key_path);
      std::string vault_path = config().getString("keys.vault");
      if (vault_path.empty()) vault_path = DefaultVaultKeyPath(db);
      if (Status s = EnsureParentDir(vault_path); !s.ok()) return fail(s);
      auto vault_key = VaultKey::LoadOrCreate(vault_path);
      if (!vault_key.ok()) return fail(vault_key.status());

      api::ServiceOptions options;
      options.max_body_bytes = static_cast<size_t>(config().getInt("http.max_body_bytes"));
      options.max_json_depth = config().getInt("http.max_json_depth");
      options.streamed_report_rows =
          static_cast<size_t>(config().getInt64("reports.streamed_rows"));
      options.ratio_limits.charitable_min_percent =
          config().getInt("reports.charitable_min_percent");
      options.ratio_limits.admin_max_percent = config().getInt("reports.admin_max_percent");
      options.min_free_bytes = config().getInt64("health.min_free_mib") * 1024 * 1024;
      options.checkpoint_policy.every_entries = config().getInt64("checkpoint.every_entries");
      options.checkpoint_policy.every_micros =
          config().getInt64("checkpoint.every_minutes") * 60'000'000;
      auto service = api::Service::Open(store->get(), std::move(key).value(),
                                        std::move(vault_key).value(), options);
      if (!service.ok()) return fail(service.status());
      if (Status s = FirstAdmin(**service); !s.ok()) return fail(s);

      api::HttpServerOptions http;
      http.host = config().getString("http.host");
      http.port = static_cast<uint16_t>(config().getUInt("http.port"));
      http.max_threads = config().getInt("http.max_threads");
      http.max_queued = config().getInt("http.max_queued");
      http.timeout_seconds = config().getInt("http.timeout_seconds");
      http.head_seconds = config().getInt("http.head_seconds");
      http.max_connections_per_address = config().getInt("http.max_connections_per_address");
      http.max_body_bytes = options.max_body_bytes;
      http.max_header_bytes = static_cast<size_t>(config().getInt("http.max_header_bytes"));
      http.tls_certificate = config().getString("tls.certificate");
      http.tls_private_key = config().getString("tls.private_key");
      auto server = api::HttpServer::Start(service->get(), http);
      if (!server.ok()) return fail(server.status());
      log.information("serving " + db + " on " + std::string((*server)->tls() ? "https" : "http") +
                      "://" + http.host + ":" + std::to_string((*server)->port()));
      waitForTerminationRequest();
      log.information("stopping: finishing the requests in flight");
      (*server)->Stop(std::chrono::seconds(config().getInt("shutdown.grace_seconds")));
      server->reset();
      service->reset();
      store->reset();
      log.information("stopped; the ledger is closed");
      return EXIT_OK;
    } catch (const std::exception& e) {
      log.critical(std::string("cannot start: ") + e.what());
      return EXIT_CONFIG;
    }
  }

 private:
  bool help_ = false;
  std::string config_file_;
  std::string config_error_;
  Poco::AutoPtr<Poco::Util::MapConfiguration> defines_{new Poco::Util::MapConfiguration};
};

}  // namespace

int RunServe(int argc, char** argv) {
  ServeApp app;
  return app.run(argc, argv);
}

}  // namespace aidledger::cli
