#include "ledger/chain/merkle.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::LedgerVectors;

Hash32 FromHex32(const std::string& hex) { return *Hash32FromHex(hex); }

// Nodes kept in memory the way the store keeps them: with the entry whose
// append completed them, leaf first.
class MemoryNodes : public MerkleNodeSource {
 public:
  explicit MemoryNodes(const std::vector<Hash32>& leaves) {
    for (const Hash32& leaf : leaves) {
      const uint64_t seq = frontier_.size() + 1;
      std::vector<Hash32>& row = by_seq_[seq];
      frontier_.Append(leaf, [&](const MerkleFrontier::Node& n) {
        EXPECT_EQ(MerkleCompletingSeq(n.level, n.index), seq);
        EXPECT_EQ(static_cast<size_t>(n.level), row.size());
        row.push_back(n.hash);
      });
      EXPECT_EQ(static_cast<int>(row.size()), MerkleNodesCompletedBy(seq));
    }
  }
  Result<Hash32> Node(int level, uint64_t index) override {
    ++reads;
    auto it = by_seq_.find(MerkleCompletingSeq(level, index));
    if (it == by_seq_.end() || it->second.size() <= static_cast<size_t>(level)) {
      return Status(ErrorCode::kNotFound, "no node");
    }
    return it->second[static_cast<size_t>(level)];
  }
  const MerkleFrontier& frontier() const { return frontier_; }
  int reads = 0;

 private:
  MerkleFrontier frontier_;
  std::map<uint64_t, std::vector<Hash32>> by_seq_;
};

// The naive second implementation: RFC 6962 section 2.1, recursively, from all leaves.
Hash32 NaiveRoot(const std::vector<Hash32>& d, size_t b, size_t e) {
  if (e - b == 1) return d[b];
  size_t k = 1;
  while (k * 2 < e - b) k *= 2;
  return MerkleNodeHash(NaiveRoot(d, b, b + k), NaiveRoot(d, b + k, e));
}

std::vector<Hash32> Leaves(size_t n, uint32_t seed) {
  std::vector<Hash32> out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back(
        MerkleLeafHash(Sha256::Of("leaf " + std::to_string(seed) + " " + std::to_string(i))));
  }
  return out;
}

TEST(MerkleTest, HashesUseTheRfcPrefixes) {
  const Hash32 e = Sha256::Of("x");
  EXPECT_EQ(MerkleLeafHash(e), Sha256::Of(std::string(1, '\0'), AsBytes(e)));
  EXPECT_EQ(MerkleNodeHash(e, e),
            Sha256::Of(std::string(1, '\1') + std::string(AsBytes(e)), AsBytes(e)));
}

TEST(MerkleTest, RootsAndProofsMatchTheRfcVectors) {
  const Object& m = LedgerVectors().as_object().Find("merkle")->as_object();
  std::vector<Hash32> leaves;
  for (const Value& h : m.Find("leaf_hashes")->as_array())
    leaves.push_back(FromHex32(h.as_string()));
  MemoryNodes nodes(leaves);
  std::map<uint64_t, Hash32> roots;
  for (const Value& c : m.Find("roots")->as_array()) {
    const auto size = static_cast<uint64_t>(c.as_object().Find("size")->as_int());
    roots[size] = FromHex32(c.as_object().Find("root")->as_string());
    auto root = MerkleRoot(nodes, size);
    ASSERT_TRUE(root.ok());
    EXPECT_EQ(*root, roots[size]) << size;
  }
  for (const Value& c : m.Find("inclusion")->as_array()) {
    const auto& o = c.as_object();
    const auto index = static_cast<uint64_t>(o.Find("index")->as_int());
    const auto size = static_cast<uint64_t>(o.Find("size")->as_int());
    std::vector<Hash32> want;
    for (const Value& p : o.Find("proof")->as_array()) want.push_back(FromHex32(p.as_string()));
    auto got = MerkleInclusionProof(nodes, index, size);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, want) << index << " in " << size;
    EXPECT_TRUE(VerifyInclusion(index, size, leaves[index], want, roots[size]).ok());
  }
  for (const Value& c : m.Find("consistency")->as_array()) {
    const auto& o = c.as_object();
    const auto from = static_cast<uint64_t>(o.Find("old_size")->as_int());
    const auto to = static_cast<uint64_t>(o.Find("new_size")->as_int());
    std::vector<Hash32> want;
    for (const Value& p : o.Find("proof")->as_array()) want.push_back(FromHex32(p.as_string()));
    auto got = MerkleConsistencyProof(nodes, from, to);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, want) << from << " -> " << to;
    EXPECT_TRUE(VerifyConsistency(from, to, roots[from], roots[to], want).ok())
        << from << " " << to;
  }
}

TEST(MerkleTest, StoredTreeAgreesWithTheNaiveImplementationOnRandomSizes) {
  std::mt19937 rng(7);
  for (int round = 0; round < 30; ++round) {
    const size_t n = std::uniform_int_distribution<size_t>(1, 700)(rng);
    const auto leaves = Leaves(n, static_cast<uint32_t>(round));
    MemoryNodes nodes(leaves);
    EXPECT_EQ(nodes.frontier().Root(), NaiveRoot(leaves, 0, n));
    const size_t size = std::uniform_int_distribution<size_t>(1, n)(rng);
    const size_t index = std::uniform_int_distribution<size_t>(0, size - 1)(rng);
    auto root = MerkleRoot(nodes, size);
    ASSERT_TRUE(root.ok());
    EXPECT_EQ(*root, NaiveRoot(leaves, 0, size));
    auto proof = MerkleInclusionProof(nodes, index, size);
    ASSERT_TRUE(proof.ok());
    EXPECT_TRUE(VerifyInclusion(index, size, leaves[index], *proof, *root).ok());
    const size_t old_size = std::uniform_int_distribution<size_t>(1, size)(rng);
    auto cons = MerkleConsistencyProof(nodes, old_size, size);
    ASSERT_TRUE(cons.ok());
    EXPECT_TRUE(
        VerifyConsistency(old_size, size, NaiveRoot(leaves, 0, old_size), *root, *cons).ok());
    auto loaded = MerkleFrontier::Load(nodes, n);
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded->Root(), nodes.frontier().Root());
  }
}

TEST(MerkleTest, ProofsReadLogarithmicallyManyNodes) {
  const auto leaves = Leaves(5000, 1);
  MemoryNodes nodes(leaves);
  nodes.reads = 0;
  ASSERT_TRUE(MerkleInclusionProof(nodes, 1234, 4999).ok());
  EXPECT_LE(nodes.reads, 2 * 13 + 2);
  nodes.reads = 0;
  ASSERT_TRUE(MerkleConsistencyProof(nodes, 1777, 4999).ok());
  EXPECT_LE(nodes.reads, 2 * 13 + 2);
}

TEST(MerkleTest, VerificationRefusesEveryAlteredProof) {
  const auto leaves = Leaves(37, 2);
  MemoryNodes nodes(leaves);
  const Hash32 root = *MerkleRoot(nodes, 37);
  const auto proof = *MerkleInclusionProof(nodes, 20, 37);
  ASSERT_TRUE(VerifyInclusion(20, 37, leaves[20], proof, root).ok());
  for (size_t i = 0; i < proof.size(); ++i) {
    auto bad = proof;
    bad[i][0] ^= 1;
    EXPECT_FALSE(VerifyInclusion(20, 37, leaves[20], bad, root).ok()) << i;
  }
  auto shorter = proof;
  shorter.pop_back();
  auto longer = proof;
  longer.push_back(root);
  EXPECT_FALSE(VerifyInclusion(20, 37, leaves[20], shorter, root).ok());
  EXPECT_FALSE(VerifyInclusion(20, 37, leaves[20], longer, root).ok());
  EXPECT_FALSE(VerifyInclusion(21, 37, leaves[20], proof, root).ok());
  // (The same path can prove index 20 in trees of 37 and 38 leaves: a root is
  // bound to its size by the signed checkpoint, not by the proof.)
  EXPECT_FALSE(VerifyInclusion(20, 31, leaves[20], proof, root).ok());
  EXPECT_FALSE(VerifyInclusion(20, 200, leaves[20], proof, root).ok());
  EXPECT_FALSE(VerifyInclusion(37, 37, leaves[20], proof, root).ok());
  EXPECT_FALSE(VerifyInclusion(20, 37, leaves[21], proof, root).ok());

  const Hash32 old_root = *MerkleRoot(nodes, 13);
  const auto cons = *MerkleConsistencyProof(nodes, 13, 37);
  ASSERT_TRUE(VerifyConsistency(13, 37, old_root, root, cons).ok());
  for (size_t i = 0; i < cons.size(); ++i) {
    auto bad = cons;
    bad[i][5] ^= 0x40;
    EXPECT_FALSE(VerifyConsistency(13, 37, old_root, root, bad).ok()) << i;
  }
  EXPECT_FALSE(VerifyConsistency(13, 37, root, root, cons).ok());
  EXPECT_FALSE(VerifyConsistency(12, 37, old_root, root, cons).ok());
  EXPECT_FALSE(VerifyConsistency(13, 37, old_root, root, {}).ok());
  EXPECT_FALSE(VerifyConsistency(37, 13, root, old_root, cons).ok());
  EXPECT_TRUE(VerifyConsistency(37, 37, root, root, {}).ok());
  EXPECT_FALSE(MerkleInclusionProof(nodes, 37, 37).ok());
}

}  // namespace
}  // namespace aidledger
