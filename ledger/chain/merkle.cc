#include "ledger/chain/merkle.h"

#include <bit>

namespace aidledger {

namespace {

// The largest power of two strictly below n (n >= 2).
uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

bool IsPerfectAligned(uint64_t begin, uint64_t end) {
  const uint64_t n = end - begin;
  return std::has_single_bit(n) && begin % n == 0;
}

Status InclusionPath(MerkleNodeSource& nodes, uint64_t m, uint64_t begin, uint64_t end,
                     std::vector<Hash32>* out) {
  if (end - begin == 1) return Status::Ok();
  const uint64_t k = SplitPoint(end - begin);
  Result<Hash32> sibling = Status(ErrorCode::kInternal, "unset");
  if (m < k) {
    AIDLEDGER_RETURN_IF_ERROR(InclusionPath(nodes, m, begin, begin + k, out));
    sibling = MerkleRangeHash(nodes, begin + k, end);
  } else {
    AIDLEDGER_RETURN_IF_ERROR(InclusionPath(nodes, m - k, begin + k, end, out));
    sibling = MerkleRangeHash(nodes, begin, begin + k);
  }
  if (!sibling.ok()) return sibling.status();
  out->push_back(*sibling);
  return Status::Ok();
}

Status SubProof(MerkleNodeSource& nodes, uint64_t m, uint64_t begin, uint64_t end, bool whole,
                std::vector<Hash32>* out) {
  const uint64_t n = end - begin;
  if (m == n) {
    if (whole) return Status::Ok();
    auto h = MerkleRangeHash(nodes, begin, end);
    if (!h.ok()) return h.status();
    out->push_back(*h);
    return Status::Ok();
  }
  const uint64_t k = SplitPoint(n);
  Result<Hash32> sibling = Status(ErrorCode::kInternal, "unset");
  if (m <= k) {
    AIDLEDGER_RETURN_IF_ERROR(SubProof(nodes, m, begin, begin + k, whole, out));
    sibling = MerkleRangeHash(nodes, begin + k, end);
  } else {
    AIDLEDGER_RETURN_IF_ERROR(SubProof(nodes, m - k, begin + k, end, false, out));
    sibling = MerkleRangeHash(nodes, begin, begin + k);
  }
  if (!sibling.ok()) return sibling.status();
  out->push_back(*sibling);
  return Status::Ok();
}

Status ProofError(const std::string& what) { return InvalidArgument(what, "proof"); }

}  // namespace

Hash32 MerkleLeafHash(const Hash32& entry_hash) {
  static constexpr char kLeafPrefix[1] = {0x00};
  return Sha256::Of(std::string_view(kLeafPrefix, 1), AsBytes(entry_hash));
}

Hash32 MerkleNodeHash(const Hash32& left, const Hash32& right) {
  thread_local Sha256 h;  // reused: a fresh OpenSSL context per node costs more than the hash
  static constexpr uint8_t kNodePrefix = 0x01;
  h.Update(&kNodePrefix, 1);
  h.Update(left.data(), left.size());
  h.Update(right.data(), right.size());
  return h.Final();
}

uint64_t MerkleCompletingSeq(int level, uint64_t index) { return (index + 1) << level; }

int MerkleNodesCompletedBy(uint64_t seq) { return 1 + std::countr_one(seq - 1); }

Result<Hash32> MerkleRangeHash(MerkleNodeSource& nodes, uint64_t begin, uint64_t end) {
  if (end <= begin) return Status(ErrorCode::kInternal, "empty Merkle range");
  if (IsPerfectAligned(begin, end)) {
    const uint64_t n = end - begin;
    return nodes.Node(std::countr_zero(n), begin / n);
  }
  const uint64_t k = SplitPoint(end - begin);
  auto left = MerkleRangeHash(nodes, begin, begin + k);
  if (!left.ok()) return left;
  auto right = MerkleRangeHash(nodes, begin + k, end);
  if (!right.ok()) return right;
  return MerkleNodeHash(*left, *right);
}

Result<Hash32> MerkleRoot(MerkleNodeSource& nodes, uint64_t size) {
  if (size == 0) return InvalidArgument("a tree needs at least one leaf", "size");
  return MerkleRangeHash(nodes, 0, size);
}

Result<std::vector<Hash32>> MerkleInclusionProof(MerkleNodeSource& nodes, uint64_t index,
                                                 uint64_t size) {
  if (index >= size) return InvalidArgument("the entry is not in a tree of that size", "index");
  std::vector<Hash32> out;
  AIDLEDGER_RETURN_IF_ERROR(InclusionPath(nodes, index, 0, size, &out));
  return out;
}

Result<std::vector<Hash32>> MerkleConsistencyProof(MerkleNodeSource& nodes, uint64_t old_size,
                                                   uint64_t new_size) {
  if (old_size == 0 || old_size > new_size) {
    return InvalidArgument("needs 1 <= old size <= new size", "old_size");
  }
  std::vector<Hash32> out;
  if (old_size == new_size) return out;
  AIDLEDGER_RETURN_IF_ERROR(SubProof(nodes, old_size, 0, new_size, true, &out));
  return out;
}

Status VerifyInclusion(uint64_t index, uint64_t size, const Hash32& leaf_hash,
                       const std::vector<Hash32>& proof, const Hash32& root) {
  if (index >= size) return ProofError("the leaf index is not below the tree size");
  uint64_t fn = index, sn = size - 1;
  Hash32 r = leaf_hash;
  for (const Hash32& p : proof) {
    if (sn == 0) return ProofError("the proof is longer than the tree is deep");
    if ((fn & 1) != 0 || fn == sn) {
      r = MerkleNodeHash(p, r);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = MerkleNodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return ProofError("the proof is shorter than the tree is deep");
  if (r != root) return ProofError("the proof does not lead to the checkpoint's root hash");
  return Status::Ok();
}

Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash32& old_root,
                         const Hash32& new_root, const std::vector<Hash32>& proof) {
  if (old_size == 0 || old_size > new_size) return ProofError("needs 1 <= old size <= new size");
  if (old_size == new_size) {
    if (!proof.empty()) return ProofError("equal sizes need an empty proof");
    if (old_root != new_root) return ProofError("equal sizes but different roots");
    return Status::Ok();
  }
  if (proof.empty()) return ProofError("an empty consistency proof");
  std::vector<Hash32> path;
  if (std::has_single_bit(old_size)) path.push_back(old_root);
  path.insert(path.end(), proof.begin(), proof.end());
  uint64_t fn = old_size - 1, sn = new_size - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash32 fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash32& c = path[i];
    if (sn == 0) return ProofError("the proof is longer than it can be");
    if ((fn & 1) != 0 || fn == sn) {
      fr = MerkleNodeHash(c, fr);
      sr = MerkleNodeHash(c, sr);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = MerkleNodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return ProofError("the proof is shorter than it must be");
  if (fr != old_root) return ProofError("the proof does not lead to the old root hash");
  if (sr != new_root) return ProofError("the proof does not lead to the new root hash");
  return Status::Ok();
}

Hash32 MerkleFrontier::Root() const {
  Hash32 r = stack_.back().hash;
  for (size_t i = stack_.size() - 1; i-- > 0;) r = MerkleNodeHash(stack_[i].hash, r);
  return r;
}

Result<MerkleFrontier> MerkleFrontier::Load(MerkleNodeSource& nodes, uint64_t size) {
  MerkleFrontier f;
  uint64_t begin = 0;
  for (int level = 63; level >= 0; --level) {
    const uint64_t width = uint64_t{1} << level;
    if ((size & width) == 0) continue;
    auto h = nodes.Node(level, begin / width);
    if (!h.ok()) return h.status();
    f.stack_.push_back(Node{level, begin / width, *h});
    begin += width;
  }
  f.size_ = size;
  return f;
}

}  // namespace aidledger
