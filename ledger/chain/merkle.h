// The RFC 6962 / RFC 9162 Merkle tree over the ledger's entry hashes.
//
// Leaf i (0-based) is entry i+1; its leaf hash is SHA-256(0x00 || entry
// hash). Interior nodes are SHA-256(0x01 || left || right), and a tree of n
// leaves splits at the largest power of two below n. Stored nodes are the
// perfect subtrees (level L, index i) covering leaves [i*2^L, (i+1)*2^L).
// The append of leaf m completes the nodes (0, m), (1, m/2), ... up to the
// number of trailing one bits of m; the store keeps them in entry m+1's row
// (docs/store.md).
#ifndef AIDLEDGER_LEDGER_CHAIN_MERKLE_H_
#define AIDLEDGER_LEDGER_CHAIN_MERKLE_H_

#include <cstdint>
#include <vector>

#include "ledger/base/hash.h"
#include "ledger/base/status.h"

namespace aidledger {

Hash32 MerkleLeafHash(const Hash32& entry_hash);
Hash32 MerkleNodeHash(const Hash32& left, const Hash32& right);

// The 1-based sequence number of the entry whose append completed the
// perfect subtree (level, index): ((index + 1) << level).
uint64_t MerkleCompletingSeq(int level, uint64_t index);
// How many nodes the append of entry `seq` completes: 1 + the number of
// trailing one bits of seq - 1.
int MerkleNodesCompletedBy(uint64_t seq);

// Reads perfect-subtree hashes (from the store, or from memory in tests).
class MerkleNodeSource {
 public:
  virtual ~MerkleNodeSource() = default;
  virtual Result<Hash32> Node(int level, uint64_t index) = 0;
};

// MTH over leaves [begin, end) of a tree, from perfect subtrees: O(log n) reads.
Result<Hash32> MerkleRangeHash(MerkleNodeSource& nodes, uint64_t begin, uint64_t end);
Result<Hash32> MerkleRoot(MerkleNodeSource& nodes, uint64_t size);

// RFC 6962 2.1.1 PATH(index, D[size]) and 2.1.2 PROOF(old_size, D[new_size]).
Result<std::vector<Hash32>> MerkleInclusionProof(MerkleNodeSource& nodes, uint64_t index,
                                                 uint64_t size);
Result<std::vector<Hash32>> MerkleConsistencyProof(MerkleNodeSource& nodes, uint64_t old_size,
                                                   uint64_t new_size);

// RFC 9162 2.1.3.2 and 2.1.4.2: every step checked; OK only if the proof
// proves exactly what is claimed.
Status VerifyInclusion(uint64_t index, uint64_t size, const Hash32& leaf_hash,
                       const std::vector<Hash32>& proof, const Hash32& root);
Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash32& old_root,
                         const Hash32& new_root, const std::vector<Hash32>& proof);

// The right edge of a growing tree: the perfect subtrees whose sizes are the
// binary digits of the tree size. Appending a leaf reports every node it
// completes, so the caller can store them.
class MerkleFrontier {
 public:
  struct Node {
    int level;
    uint64_t index;
    Hash32 hash;
  };

  uint64_t size() const { return size_; }
  // Calls `on_node(const Node&)` for the leaf and for each completed parent,
  // in post-order. (A template: verify calls it for every entry.)
  template <typename OnNode>
  void Append(const Hash32& leaf_hash, OnNode&& on_node) {
    Node node{0, size_, leaf_hash};
    on_node(node);
    // Merge while the last two subtrees have the same size (level).
    while (!stack_.empty() && stack_.back().level == node.level) {
      const Node left = stack_.back();
      stack_.pop_back();
      node = Node{node.level + 1, left.index >> 1, MerkleNodeHash(left.hash, node.hash)};
      on_node(node);
    }
    stack_.push_back(node);
    ++size_;
  }
  void Append(const Hash32& leaf_hash) {
    Append(leaf_hash, [](const Node&) {});
  }
  // MTH of the whole tree; the size must be at least 1.
  Hash32 Root() const;
  // Rebuilds the frontier of a tree of `size` leaves from stored nodes.
  static Result<MerkleFrontier> Load(MerkleNodeSource& nodes, uint64_t size);

 private:
  std::vector<Node> stack_;  // largest (leftmost) subtree first
  uint64_t size_ = 0;
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_CHAIN_MERKLE_H_
