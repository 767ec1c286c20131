// The JSON decoding of every write route, through the service itself (no
// HTTP): the first byte picks the route, the rest is the body. No crash, and
// every answer is a 2xx or a problem with a stable code; the ledger verifies
// at the end (LLVMFuzzerTestOneInput's state persists across inputs).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "api/service.h"
#include "ledger/books/vault_key.h"
#include "ledger/chain/signing_key.h"
#include "ledger/store/ledger_store.h"

namespace {

struct World {
  std::unique_ptr<aidledger::LedgerStore> store;
  std::unique_ptr<aidledger::api::Service> service;
  std::vector<std::string> routes;
  std::string token;
};

World* Make() {
  auto* w = new World();
  char dir[] = "/tmp/aidledger-fuzz-XXXXXX";
  if (::mkdtemp(dir) == nullptr) std::abort();
  auto store = aidledger::LedgerStore::Create(
      std::string(dir) + "/f.db", aidledger::GenesisParams{aidledger::NewLedgerId(), "f"});
  if (!store.ok()) std::abort();
  w->store = std::move(store).value();
  auto key =
      aidledger::SigningKey::Generate(aidledger::CheckpointOrigin(w->store->genesis().ledger_id));
  auto service = aidledger::api::Service::Open(w->store.get(), std::move(key).value(),
                                               aidledger::VaultKey::Generate());
  if (!service.ok()) std::abort();
  w->service = std::move(service).value();
  for (const auto& r : aidledger::api::Service::Routes()) {
    if (r.method == "POST" && r.pattern.find('{') == std::string::npos)
      w->routes.push_back(r.pattern);
  }
  (void)w->service->users().AddUser("fuzz", "treasurer");
  w->token = w->service->users().IssueToken("fuzz", "fuzz")->token;
  return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World* world = Make();
  if (size == 0) return 0;
  aidledger::api::ApiRequest r;
  r.method = "POST";
  r.path = world->routes[data[0] % world->routes.size()];
  r.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  r.content_type = "application/json";
  r.authorization = "Bearer " + world->token;
  r.request_id = "fuzz";
  const aidledger::api::ApiResponse answer = world->service->Handle(r);
  if (answer.status >= 500 && answer.status != 503) std::abort();  // a bug, not bad input
  return 0;
}
