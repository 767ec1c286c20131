// The storage seam's conformance suite: what every backend of LedgerStore,
// LedgerReader, the side records and the account records promises
// (ledger_store.h, ledger/chain/ledger_reader.h, side_records.h,
// account_records.h), one typed suite run on each backend, all reached by a
// ledger's address only. A new backend (a replicated one, say) is added to
// `Backends` below and passes this suite; what only one backend promises
// (SQLite's triggers, schema, fsync, file mode) is tested beside it
// (sqlite_ledger_store_test.cc).
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "ledger/chain/chain_verifier.h"
#include "ledger/chain/checkpoint.h"
#include "ledger/chain/ledger_reader.h"
#include "ledger/chain/merkle.h"
#include "ledger/store/account_records.h"
#include "ledger/store/ledger_address.h"
#include "ledger/store/ledger_store.h"
#include "ledger/store/side_records.h"
#include "ledger/store/verify.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::FakeClock;
using testing::TempDir;

constexpr MicrosSinceEpoch kT0 = 1'764'346'027'000'000;

// A backend: where a new ledger goes, and the backend's own deeper check of
// a ledger, if it has one beyond what its reader shows.
struct SqliteBackend {
  std::string NewAddress() { return "sqlite:" + dir.File("ledger-" + std::to_string(++n) + ".db"); }
  static ::testing::AssertionResult OwnVerify(const std::string& address) {
    const VerifyReport r = testing::VerifyChain(ParseLedgerAddress(address)->location);
    if (r.ok) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "verify: " << (r.failure ? r.failure->detail : "");
  }
  TempDir dir;
  int n = 0;
};

struct MemoryBackend {
  std::string NewAddress() {
    static std::atomic<int> next{0};
    return "memory:conformance-" + std::to_string(++next);
  }
  static ::testing::AssertionResult OwnVerify(const std::string&) {
    return ::testing::AssertionSuccess();
  }
};

EntryDraft Donation(int64_t fen, const std::string& fund = "STUDENT_AID",
                    const std::string& date = "2026-11-20") {
  return EntryDraft{
      "donation.recorded", Actor{"u-treasurer", "treasurer"},
      Object{
          {"amount", Object{{"currency", "CNY"}, {"minor", fen}}}, {"date", date}, {"fund", fund}}};
}

EntryDraft Note(int64_t n) {
  return EntryDraft{"note.added", Actor{"u1", "admin"}, Object{{"n", n}}};
}

GenesisParams Params() { return GenesisParams{NewLedgerId(), "test team"}; }

VaultRow Row(const std::string& subject, uint8_t id_byte) {
  VaultRow row;
  row.subject = subject;
  row.nonce = std::string(12, 'n');
  row.sealed = std::string("sealed\0bytes", 12);
  Hash32 id{};
  id[0] = id_byte;
  row.id_index = id;
  row.updated_at = kT0;
  return row;
}

template <typename Backend>
class StoreConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    address_ = backend_.NewAddress();
    auto s = LedgerStore::Create(address_, Params(), &clock_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    auto r = OpenLedgerReader(address_);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    reader_ = std::move(r).value();
    auto side = store_->OpenSideReader();
    ASSERT_TRUE(side.ok()) << side.status().ToString();
    side_ = std::move(side).value();
  }

  // What any backend promises of a whole ledger, read through its reader:
  // the chain's rules, a head that is its last entry, a Merkle root that is
  // the tree of its entries, and checkpoints that sign roots of this chain.
  // Then the backend's own verify.
  ::testing::AssertionResult Holds() {
    auto reader = OpenLedgerReader(address_);
    if (!reader.ok()) return ::testing::AssertionFailure() << reader.status().ToString();
    auto head = (*reader)->GetHead();
    if (!head.ok()) return ::testing::AssertionFailure() << head.status().ToString();
    ChainVerifier chain;
    MerkleFrontier tree;
    std::vector<Hash32> roots{Hash32{}};  // roots[n]: the tree of the first n entries
    Status scan = (*reader)->Scan(1, head->size, [&](const StoredEntry& e) {
      chain.Add(e.seq, e.canonical, e.hash);
      tree.Append(MerkleLeafHash(e.hash), [](const MerkleFrontier::Node&) {});
      roots.push_back(tree.Root());
      return chain.ok();
    });
    if (!scan.ok()) return ::testing::AssertionFailure() << scan.ToString();
    if (!chain.Finish()) return ::testing::AssertionFailure() << chain.failure()->detail;
    if (chain.size() != head->size || chain.head_hash() != head->hash) {
      return ::testing::AssertionFailure() << "the head is not the last entry";
    }
    auto root = (*reader)->MerkleRootAt(static_cast<uint64_t>(head->size));
    if (!root.ok() || *root != roots.back()) {
      return ::testing::AssertionFailure() << "the stored tree is not the entries' tree";
    }
    auto keys = (*reader)->SigningKeys();
    auto cps = (*reader)->Checkpoints();
    if (!keys.ok() || !cps.ok()) return ::testing::AssertionFailure() << "checkpoints unreadable";
    for (const SignedCheckpoint& cp : *cps) {
      if (cp.checkpoint.size > roots.size() - 1 ||
          cp.checkpoint.root != roots[cp.checkpoint.size]) {
        return ::testing::AssertionFailure() << "a checkpoint signs another tree";
      }
      if (!VerifyCheckpointSignature(cp, *keys).ok()) {
        return ::testing::AssertionFailure() << "a checkpoint's signature does not verify";
      }
    }
    return Backend::OwnVerify(address_);
  }

  // Appends one entry with `side` as its side write; the append's status.
  Status AppendWith(const std::function<Status(SideWriter&)>& side) {
    auto r = store_->AppendChecked(
        [](int64_t size) -> Result<std::vector<EntryDraft>> { return std::vector{Note(size)}; },
        [&](SideWriter& w, const std::vector<AppendedEntry>&) { return side(w); });
    return r.status();
  }

  Backend backend_;
  FakeClock clock_{kT0};
  std::string address_;
  std::unique_ptr<LedgerStore> store_;
  std::unique_ptr<LedgerReader> reader_;
  std::unique_ptr<SideReader> side_;
};

using Backends = ::testing::Types<SqliteBackend, MemoryBackend>;
class BackendNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    return std::is_same_v<T, SqliteBackend> ? "Sqlite" : "Memory";
  }
};
TYPED_TEST_SUITE(StoreConformanceTest, Backends, BackendNames);

// --- Creating and opening ---------------------------------------------------

TYPED_TEST(StoreConformanceTest, CreateWritesAGenesisThatReadsBack) {
  auto head = this->store_->GetHead();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->size, 1);
  EXPECT_EQ(head->recorded_at, kT0);
  auto genesis = ReadGenesis(*this->reader_);
  ASSERT_TRUE(genesis.ok()) << genesis.status().ToString();
  EXPECT_EQ(genesis->ledger_id, this->store_->genesis().ledger_id);
  EXPECT_EQ(genesis->name, "test team");
  EXPECT_TRUE(this->Holds());
}

TYPED_TEST(StoreConformanceTest, CreateNeverAdoptsAnExistingLedger) {
  auto again = LedgerStore::Create(this->address_, Params());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kAlreadyExists);
}

TYPED_TEST(StoreConformanceTest, OpeningAMissingLedgerIsNotFoundAndCreatesNothing) {
  const std::string missing = this->backend_.NewAddress();
  auto s = LedgerStore::Open(missing);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(OpenLedgerReader(missing).status().code(), ErrorCode::kNotFound)
      << "the failed open created nothing";
}

TYPED_TEST(StoreConformanceTest, RefusesBadGenesisParameters) {
  GenesisParams p = Params();
  p.default_currency = "yuan";
  EXPECT_EQ(LedgerStore::Create(this->backend_.NewAddress(), p).status().field(),
            "default_currency");
  p = Params();
  p.ledger_id = "not-a-uuid";
  EXPECT_EQ(LedgerStore::Create(this->backend_.NewAddress(), p).status().field(), "ledger_id");
}

// A store closed without ceremony (as a process that ends) leaves a ledger
// that opens with its genesis, chain, side records and checkpoints.
TYPED_TEST(StoreConformanceTest, ReopenKeepsTheGenesisTheChainAndTheSideRecords) {
  ASSERT_TRUE(this->store_->Append(Donation(5)).ok());
  ASSERT_TRUE(
      this->AppendWith([](SideWriter& w) { return w.PutVaultRow(Row("R-000001", 1), false); })
          .ok());
  auto key = SigningKey::Generate("conformance");
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(this->store_->MakeCheckpoint(*key).ok());
  const std::string id = this->store_->genesis().ledger_id;
  this->store_.reset();
  auto again = LedgerStore::Open(this->address_, &this->clock_);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ((*again)->genesis().ledger_id, id);
  auto r = (*again)->Append(Donation(6));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->seq, 4);
  auto side = (*again)->OpenSideReader();
  ASSERT_TRUE(side.ok());
  EXPECT_TRUE((*side)->VaultRowOf("R-000001")->has_value());
  EXPECT_EQ(this->reader_->Checkpoints()->size(), 1u);
  this->store_ = std::move(again).value();
  EXPECT_TRUE(this->Holds());
}

// --- Appending ---------------------------------------------------------------

TYPED_TEST(StoreConformanceTest, AppendLinksEachEntryToTheHead) {
  auto a = this->store_->Append(Donation(125000));
  this->clock_.Advance(1000);
  auto b = this->store_->Append(Donation(300520));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->seq, 2);
  EXPECT_EQ(b->seq, 3);
  auto stored = this->reader_->GetEntry(3);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->hash, b->hash);
  EXPECT_EQ(HashEntryBytes(stored->canonical), b->hash);
  auto entry = DecodeEntry(stored->canonical);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->prev, a->hash);
  EXPECT_EQ(entry->recorded_at, kT0 + 1000);
  EXPECT_EQ(entry->actor, (Actor{"u-treasurer", "treasurer"}));
  EXPECT_EQ(this->store_->GetHead()->hash, b->hash);
  EXPECT_EQ(this->reader_->GetHead()->hash, b->hash);
  EXPECT_TRUE(this->Holds());
}

TYPED_TEST(StoreConformanceTest, RecordedAtNeverGoesBackwardsWhenTheClockDoes) {
  this->clock_.Advance(5'000'000);
  auto a = this->store_->Append(Donation(1));
  this->clock_.Set(kT0 - 3'600'000'000);  // the clock jumps back an hour
  auto b = this->store_->Append(Donation(2));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(b->recorded_at, a->recorded_at);
  EXPECT_TRUE(this->Holds());
}

TYPED_TEST(StoreConformanceTest, AppendBatchCommitsAllOrNothing) {
  auto ok = this->store_->AppendBatch({Donation(1), Donation(2), Donation(3)});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->back().seq, 4);

  // A bad draft anywhere refuses the whole batch.
  EntryDraft bad = Donation(4);
  bad.kind = "BAD";
  auto refused = this->store_->AppendBatch({Donation(5), bad});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "kind");

  // A failure while writing (an oversized third entry) undoes the two
  // entries already written.
  EntryDraft huge = Donation(6);
  huge.payload.Set("memo", std::string(kMaxEntryBytes, 'x'));
  auto rolled_back = this->store_->AppendBatch({Donation(7), Donation(8), huge});
  ASSERT_FALSE(rolled_back.ok());
  EXPECT_EQ(rolled_back.status().field(), "payload");
  EXPECT_EQ(this->store_->GetHead()->size, 4);
  EXPECT_EQ(this->reader_->GetEntry(5).status().code(), ErrorCode::kNotFound);
  // The store is still usable and consistent afterwards.
  auto after = this->store_->Append(Donation(9));
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->seq, 5);
  EXPECT_TRUE(this->Holds());
}

TYPED_TEST(StoreConformanceTest, ABatchForASizeTheLedgerLeftIsAConflict) {
  ASSERT_TRUE(this->store_->AppendBatch({Donation(1)}, 1).ok());
  auto stale = this->store_->AppendBatch({Donation(2)}, 1);
  EXPECT_EQ(stale.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(this->store_->GetHead()->size, 2);
  EXPECT_EQ(this->store_->AppendBatch({}).status().code(), ErrorCode::kInvalidArgument)
      << "an empty batch is refused";
}

TYPED_TEST(StoreConformanceTest, RefusesDraftsVerifyWouldReject) {
  EntryDraft genesis = Donation(1);
  genesis.kind = "ledger.genesis";
  EXPECT_EQ(this->store_->Append(genesis).status().field(), "kind");

  EntryDraft bad_utf8 = Donation(1);
  bad_utf8.payload.Set("memo", std::string("\xff\xfe"));
  EXPECT_EQ(this->store_->Append(bad_utf8).status().field(), "payload");

  EntryDraft bad_key = Donation(1);
  bad_key.payload.Set(std::string("\xc0\xaf"), 1);
  EXPECT_EQ(this->store_->Append(bad_key).status().field(), "payload");

  Value deep = Object{};
  for (int i = 0; i < 40; ++i) deep = Value(Object{{"x", deep}});
  EntryDraft too_deep = Donation(1);
  too_deep.payload.Set("nested", deep);
  EXPECT_EQ(this->store_->Append(too_deep).status().code(), ErrorCode::kInvalidArgument);

  EntryDraft bad_actor = Donation(1);
  bad_actor.actor.role = "";
  EXPECT_EQ(this->store_->Append(bad_actor).status().field(), "actor.role");

  EXPECT_EQ(this->store_->GetHead()->size, 1);
  EXPECT_TRUE(this->Holds());
}

TYPED_TEST(StoreConformanceTest, ACheckedAppendSeesTheHeadAndRollsBackWithItsSideWrite) {
  int64_t seen = 0;
  auto made = this->store_->AppendChecked([&](int64_t size) -> Result<std::vector<EntryDraft>> {
    seen = size;
    return std::vector{Note(size)};
  });
  ASSERT_TRUE(made.ok());
  EXPECT_EQ(seen, 1);
  EXPECT_EQ(made->front().seq, 2);
  // The maker's refusal writes nothing.
  auto refused = this->store_->AppendChecked(
      [](int64_t) -> Result<std::vector<EntryDraft>> { return InvalidArgument("no", "x"); });
  EXPECT_EQ(refused.status().field(), "x");
  // A side write's error, or exception, undoes the entries and the side
  // writes made before it.
  EXPECT_EQ(this->AppendWith([](SideWriter& w) {
                  EXPECT_TRUE(w.PutVaultRow(Row("R-000001", 1), false).ok());
                  return Status(ErrorCode::kConflict, "refused");
                })
                .code(),
            ErrorCode::kConflict);
  EXPECT_FALSE(this->AppendWith([](SideWriter& w) -> Status {
                     EXPECT_TRUE(w.PutVaultRow(Row("R-000001", 1), false).ok());
                     throw std::runtime_error("side write threw");
                   })
                   .ok());
  EXPECT_EQ(this->store_->GetHead()->size, 2);
  EXPECT_FALSE(this->side_->VaultRowOf("R-000001")->has_value());
  EXPECT_TRUE(this->Holds());
}

TYPED_TEST(StoreConformanceTest, AGroupCommitUndoesOnlyTheDraftWhoseSideWriteFails) {
  const int64_t before = this->store_->GetHead()->size;
  std::vector<Result<AppendedEntry>> results;
  const Status s = this->store_->AppendGroup(
      4,
      [&](size_t i, int64_t size) -> Result<EntryDraft> {
        if (i == 2) return InvalidArgument("refused by the caller", "payload");
        return EntryDraft{"note.added", Actor{"u1", "admin"},
                          Object{{"n", static_cast<int64_t>(i)}, {"size", size}}};
      },
      [&](size_t i, SideWriter& w, const AppendedEntry&) -> Status {
        // Each draft's vault row commits with it, or not at all.
        const Status put =
            w.PutVaultRow(Row("R-00000" + std::to_string(i), static_cast<uint8_t>(i + 1)), false);
        if (i == 1) return Status(ErrorCode::kConflict, "side write refused");
        return put;
      },
      &results);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(results.size(), 4u);
  ASSERT_TRUE(results[0].ok());
  EXPECT_EQ(results[0]->seq, before + 1);
  EXPECT_EQ(results[1].status().code(), ErrorCode::kConflict);
  EXPECT_EQ(results[2].status().field(), "payload");
  ASSERT_TRUE(results[3].ok());
  EXPECT_EQ(results[3]->seq, before + 2) << "the refused drafts left no gap";
  EXPECT_EQ(this->store_->GetHead()->size, before + 2);
  EXPECT_TRUE(this->side_->VaultRowOf("R-000000")->has_value());
  EXPECT_FALSE(this->side_->VaultRowOf("R-000001")->has_value()) << "undone with its draft";
  EXPECT_TRUE(this->side_->VaultRowOf("R-000003")->has_value());
  EXPECT_TRUE(this->Holds());
}

TYPED_TEST(StoreConformanceTest, ManyThreadsAppendWithoutLosingOrForking) {
  constexpr int kThreads = 4, kEach = 40;
  std::vector<std::thread> threads;
  std::vector<std::vector<int64_t>> seqs(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = this->store_->Append(Donation(t * 1000 + i));
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        seqs[static_cast<size_t>(t)].push_back(r->seq);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<int64_t> all;
  for (const auto& v : seqs) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(*all.begin(), 2);
  EXPECT_EQ(*all.rbegin(), 1 + kThreads * kEach);
  EXPECT_TRUE(this->Holds());
}

// Two stores open on one ledger behave as two processes would: one chain.
TYPED_TEST(StoreConformanceTest, TwoStoresOnOneLedgerNeverFork) {
  auto second = LedgerStore::Open(this->address_, &this->clock_);
  ASSERT_TRUE(second.ok());
  std::thread a([&] {
    for (int i = 0; i < 30; ++i) ASSERT_TRUE(this->store_->Append(Donation(i)).ok());
  });
  std::thread b([&] {
    for (int i = 0; i < 30; ++i) {
      auto r = (*second)->Append(Donation(i));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
  });
  a.join();
  b.join();
  EXPECT_EQ(this->reader_->GetHead()->size, 61);
  auto key = SigningKey::Generate("conformance");
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE((*second)->MakeCheckpoint(*key).ok()) << "its tree followed the other's appends";
  EXPECT_TRUE(this->Holds());
}

// --- Reading -----------------------------------------------------------------

TYPED_TEST(StoreConformanceTest, ReaderScanHonoursFromLimitAndEarlyStop) {
  ASSERT_TRUE(this->store_->AppendBatch({Donation(1), Donation(2), Donation(3), Donation(4)}).ok());
  std::vector<int64_t> seen;
  ASSERT_TRUE(this->reader_
                  ->Scan(2, 2,
                         [&](const StoredEntry& e) {
                           seen.push_back(e.seq);
                           return true;
                         })
                  .ok());
  EXPECT_EQ(seen, (std::vector<int64_t>{2, 3}));
  seen.clear();
  ASSERT_TRUE(this->reader_
                  ->Scan(1, 10,
                         [&](const StoredEntry& e) {
                           seen.push_back(e.seq);
                           return e.seq < 2;
                         })
                  .ok());
  EXPECT_EQ(seen, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(this->reader_->GetEntry(99).status().code(), ErrorCode::kNotFound);
}

TYPED_TEST(StoreConformanceTest, AQueryFiltersByKindFundAndDateInBoundedPages) {
  ASSERT_TRUE(this->store_
                  ->AppendBatch({Donation(1, "WINTER", "2026-01-05"), Note(1),
                                 Donation(2, "STUDENT_AID", "2026-02-01"),
                                 Donation(3, "WINTER", "2026-03-01"), Note(2)})
                  .ok());
  auto seqs = [](const EntryPage& page) {
    std::vector<int64_t> out;
    for (const auto& e : page.entries) out.push_back(e.seq);
    return out;
  };
  auto query = [](const std::function<void(EntryQuery&)>& set) {
    EntryQuery q;
    set(q);
    return q;
  };
  auto winter = this->reader_->Query(query([](EntryQuery& q) { q.fund = "WINTER"; }));
  ASSERT_TRUE(winter.ok());
  EXPECT_EQ(seqs(*winter), (std::vector<int64_t>{2, 5}));
  EXPECT_EQ(winter->next, 0);
  auto notes = this->reader_->Query(query([](EntryQuery& q) { q.kind = "note.added"; }));
  EXPECT_EQ(seqs(*notes), (std::vector<int64_t>{3, 6}));
  auto feb = this->reader_->Query(query([](EntryQuery& q) {
    q.from = "2026-02-01";
    q.to = "2026-02-28";
  }));
  EXPECT_EQ(seqs(*feb), (std::vector<int64_t>{4})) << "entries without a date are left out";
  auto first = this->reader_->Query(query([](EntryQuery& q) { q.limit = 2; }));
  EXPECT_EQ(seqs(*first), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(first->next, 2);
  auto bounded = this->reader_->Query(query([](EntryQuery& q) {
    q.max_scan = 2;
    q.fund = "STUDENT_AID";
  }));
  EXPECT_TRUE(bounded->entries.empty());
  EXPECT_EQ(bounded->next, 2) << "the page stopped after examining two entries";
  EXPECT_EQ(this->reader_->Query(query([](EntryQuery& q) { q.limit = 0; })).status().field(),
            "limit");
}

TYPED_TEST(StoreConformanceTest, TheChangeTokenMovesWithEveryCommitAndOnlyThen) {
  auto before = this->reader_->ChangeToken();
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(*this->reader_->ChangeToken(), *before);
  EntryDraft bad = Note(0);
  bad.kind = "BAD";
  EXPECT_FALSE(this->store_->Append(bad).ok());
  EXPECT_EQ(*this->reader_->ChangeToken(), *before) << "a refused append changes nothing";
  ASSERT_TRUE(this->store_->Append(Note(1)).ok());
  auto after = this->reader_->ChangeToken();
  EXPECT_NE(*after, *before);
}

// --- Checkpoints and proofs --------------------------------------------------

TYPED_TEST(StoreConformanceTest, ProofsFromTheReaderProveWhatTheCheckpointsSign) {
  auto key = SigningKey::Generate("conformance");
  ASSERT_TRUE(key.ok());
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(this->store_->Append(Donation(i)).ok());
  auto old_cp = this->store_->MakeCheckpoint(*key);
  ASSERT_TRUE(old_cp.ok());
  for (int i = 0; i < 11; ++i) ASSERT_TRUE(this->store_->Append(Donation(i)).ok());
  this->clock_.Set(kT0 - 1'000'000);  // a clock that went back
  auto new_cp = this->store_->MakeCheckpoint(*key);
  ASSERT_TRUE(new_cp.ok());
  EXPECT_GE(new_cp->checkpoint.time, old_cp->checkpoint.time) << "never earlier than the last";
  EXPECT_EQ(new_cp->checkpoint.size, 18u);
  EXPECT_EQ(this->reader_->Checkpoint(0)->note, new_cp->note);
  EXPECT_EQ(this->reader_->Checkpoint(1)->note, old_cp->note);
  EXPECT_EQ(this->reader_->Checkpoint(7).status().code(), ErrorCode::kNotFound);
  ASSERT_EQ(this->reader_->SigningKeys()->size(), 1u) << "a key is recorded once";

  const Checkpoint& cp = new_cp->checkpoint;
  for (uint64_t leaf : {0ull, 5ull, 17ull}) {
    auto entry = this->reader_->GetEntry(static_cast<int64_t>(leaf) + 1);
    auto proof = this->reader_->InclusionProof(leaf, cp.size);
    ASSERT_TRUE(entry.ok() && proof.ok());
    EXPECT_TRUE(VerifyInclusion(leaf, cp.size, MerkleLeafHash(entry->hash), *proof, cp.root).ok())
        << "leaf " << leaf;
  }
  auto consistency = this->reader_->ConsistencyProof(old_cp->checkpoint.size, cp.size);
  ASSERT_TRUE(consistency.ok());
  EXPECT_TRUE(VerifyConsistency(old_cp->checkpoint.size, cp.size, old_cp->checkpoint.root, cp.root,
                                *consistency)
                  .ok());
  EXPECT_EQ(this->reader_->InclusionProof(0, 99).status().field(), "tree_size");
  EXPECT_EQ(this->reader_->ConsistencyProof(1, 99).status().field(), "new_size");
  EXPECT_TRUE(this->Holds());
}

TYPED_TEST(StoreConformanceTest, ThePolicySignsACheckpointWhenOneIsDue) {
  auto key = SigningKey::Generate("conformance");
  ASSERT_TRUE(key.ok());
  CheckpointPolicy policy;
  policy.every_entries = 3;
  auto first = this->store_->MaybeCheckpoint(*key, policy);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->has_value()) << "the first is always due";
  ASSERT_TRUE(this->store_->AppendBatch({Note(1), Note(2)}).ok());
  EXPECT_FALSE(this->store_->MaybeCheckpoint(*key, policy)->has_value());
  ASSERT_TRUE(this->store_->Append(Note(3)).ok());
  EXPECT_TRUE(this->store_->MaybeCheckpoint(*key, policy)->has_value()) << "three since";
  ASSERT_TRUE(this->store_
                  ->Append(EntryDraft{std::string(kinds::kPeriodClosed), Actor{"u1", "admin"},
                                      Object{{"period", "2026-01"}}})
                  .ok());
  EXPECT_TRUE(this->store_->MaybeCheckpoint(*key, policy)->has_value())
      << "a period close is always followed by a checkpoint";
  ASSERT_TRUE(this->store_->Append(Note(4)).ok());
  CheckpointPolicy off;
  off.after_kinds.clear();
  EXPECT_FALSE(this->store_->MaybeCheckpoint(*key, off)->has_value()) << "every rule off";
  EXPECT_EQ(this->reader_->Checkpoints()->size(), 3u);
  EXPECT_TRUE(this->Holds());
}

// --- Side records ------------------------------------------------------------

TYPED_TEST(StoreConformanceTest, AVaultRowIsReadBackAsWrittenAndItsIdIndexIsFound) {
  ASSERT_TRUE(
      this->AppendWith([](SideWriter& w) { return w.PutVaultRow(Row("R-000001", 7), false); })
          .ok());
  auto row = this->side_->VaultRowOf("R-000001");
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->sealed, Row("R-000001", 7).sealed) << "binary bytes, NUL included";
  EXPECT_EQ((*row)->nonce.size(), 12u);
  EXPECT_EQ((*row)->id_index, Row("R-000001", 7).id_index);
  EXPECT_EQ((*row)->updated_at, Row("R-000001", 7).updated_at);
  std::optional<std::string> holder;
  ASSERT_TRUE(this->AppendWith([&](SideWriter& w) {
                    auto h = w.VaultSubjectWithIdIndex(*Row("", 7).id_index, "R-000002");
                    if (h.ok()) holder = *h;
                    return h.status();
                  })
                  .ok());
  EXPECT_EQ(holder, "R-000001");
  EXPECT_EQ(this->side_->VaultSubjects()->size(), 1u);
}

TYPED_TEST(StoreConformanceTest, RefusalsRollTheEntryBackWithThem) {
  ASSERT_TRUE(
      this->AppendWith([](SideWriter& w) { return w.PutVaultRow(Row("R-000001", 1), false); })
          .ok());
  const int64_t size = this->store_->GetHead()->size;
  EXPECT_EQ(this->AppendWith([](SideWriter& w) { return w.PutVaultRow(Row("R-000001", 2), false); })
                .code(),
            ErrorCode::kConflict)
      << "the subject has a row already";
  EXPECT_EQ(this->AppendWith([](SideWriter& w) { return w.PutVaultRow(Row("R-000002", 1), false); })
                .code(),
            ErrorCode::kConflict)
      << "another subject holds the ID index";
  EXPECT_EQ(this->AppendWith([](SideWriter& w) { return w.PutVaultRow(Row("R-000009", 3), true); })
                .code(),
            ErrorCode::kNotFound)
      << "nothing to replace";
  EXPECT_EQ(this->AppendWith([](SideWriter& w) { return w.EraseVaultRow("R-000009"); }).code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(this->store_->GetHead()->size, size) << "no refused side write left its entry behind";
  EXPECT_FALSE(this->side_->VaultRowOf("R-000002")->has_value());
}

TYPED_TEST(StoreConformanceTest, AnErasedRowIsGoneAndAReplacedOneReadsAnew) {
  ASSERT_TRUE(
      this->AppendWith([](SideWriter& w) { return w.PutVaultRow(Row("D-000001", 1), false); })
          .ok());
  VaultRow changed = Row("D-000001", 1);
  changed.sealed = "other";
  changed.public_name = "张女士";
  changed.id_index.reset();
  ASSERT_TRUE(this->AppendWith([&](SideWriter& w) { return w.PutVaultRow(changed, true); }).ok());
  auto row = this->side_->VaultRowOf("D-000001");
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->sealed, "other");
  EXPECT_FALSE((*row)->id_index.has_value());
  EXPECT_EQ(this->side_->PublicNames()->at("D-000001"), "张女士");
  ASSERT_TRUE(this->AppendWith([](SideWriter& w) { return w.EraseVaultRow("D-000001"); }).ok());
  EXPECT_FALSE(this->side_->VaultRowOf("D-000001")->has_value());
  EXPECT_TRUE(this->side_->PublicNames()->empty());
}

TYPED_TEST(StoreConformanceTest, AnAnswerIsKeptOncePerActorAndKey) {
  StoredAnswer answer;
  answer.actor = "wang";
  answer.key = "k-1";
  answer.request_hash[3] = 9;
  answer.status = 201;
  answer.body = R"({"seq":2})";
  answer.created_at = kT0;
  ASSERT_TRUE(this->AppendWith([&](SideWriter& w) { return w.PutAnswer(answer); }).ok());
  EXPECT_EQ(this->AppendWith([&](SideWriter& w) { return w.PutAnswer(answer); }).code(),
            ErrorCode::kConflict);
  auto read = this->side_->AnswerOf("wang", "k-1");
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_EQ((*read)->request_hash, answer.request_hash);
  EXPECT_EQ((*read)->status, 201);
  EXPECT_EQ((*read)->body, answer.body);
  EXPECT_FALSE(this->side_->AnswerOf("li", "k-1")->has_value()) << "keys are per actor";
}

// --- Account records ---------------------------------------------------------

TYPED_TEST(StoreConformanceTest, AccountRecordsKeepUsersAndRevocableTokens) {
  auto accounts = OpenAccountRecords(this->address_);
  ASSERT_TRUE(accounts.ok()) << accounts.status().ToString();
  AccountRecords& a = **accounts;
  ASSERT_TRUE(a.InsertUser(UserRow{"wang", "treasurer", "2026-11-20T00:00:00Z", false, ""}).ok());
  ASSERT_TRUE(a.InsertUser(UserRow{"li", "auditor", "2026-11-20T00:00:00Z", false, ""}).ok());
  EXPECT_EQ(a.InsertUser(UserRow{"wang", "admin", "", false, ""}).code(), ErrorCode::kConflict);
  EXPECT_EQ(*a.CountUsers(), 2);
  EXPECT_EQ(a.Users()->front().name, "li") << "by name";
  ASSERT_TRUE(a.SetPasswordHash("wang", "scrypt$...").ok());
  ASSERT_TRUE(a.SetDisabled("li", true).ok());
  EXPECT_EQ(a.SetDisabled("zhao", true).code(), ErrorCode::kNotFound);
  EXPECT_EQ((*a.UserNamed("wang"))->password_hash, "scrypt$...");
  EXPECT_TRUE((*a.UserNamed("li"))->disabled);
  EXPECT_FALSE(a.UserNamed("zhao")->has_value());

  TokenRow token;
  token.token_hash[0] = 1;
  token.user = "wang";
  token.label = "laptop";
  token.created_at = "2026-11-20T00:00:00Z";
  auto id = a.InsertToken(token);
  ASSERT_TRUE(id.ok());
  token.user = "zhao";
  EXPECT_EQ(a.InsertToken(token).status().code(), ErrorCode::kNotFound);
  Hash32 hash{};
  hash[0] = 1;
  ASSERT_TRUE(a.TokenByHash(hash)->has_value());
  EXPECT_EQ((*a.TokenByHash(hash))->id, *id);
  ASSERT_TRUE(a.RevokeToken(*id, "2026-11-21T00:00:00Z").ok());
  EXPECT_EQ(a.RevokeToken(*id, "2026-11-22T00:00:00Z").code(), ErrorCode::kNotFound)
      << "a revoked token is revoked once";
  EXPECT_EQ((*a.TokenByHash(hash))->revoked_at, "2026-11-21T00:00:00Z");
  EXPECT_EQ(a.Tokens()->size(), 1u);
}

}  // namespace
}  // namespace aidledger
