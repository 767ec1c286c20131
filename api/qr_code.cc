#include "api/qr_code.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>

namespace aidledger::api {

namespace {

// Level M, versions 1 to 10: all codewords, error correction codewords per
// block, blocks, and the alignment pattern centres.
struct VersionInfo {
  int codewords;
  int ec_per_block;
  int blocks;
  std::array<int, 3> align;  // 0: none
};
constexpr VersionInfo kVersions[] = {
    {26, 10, 1, {0, 0, 0}},    {44, 16, 1, {6, 18, 0}},   {70, 26, 1, {6, 22, 0}},
    {100, 18, 2, {6, 26, 0}},  {134, 24, 2, {6, 30, 0}},  {172, 16, 4, {6, 34, 0}},
    {196, 18, 4, {6, 22, 38}}, {242, 22, 4, {6, 24, 42}}, {292, 22, 5, {6, 26, 46}},
    {346, 26, 5, {6, 28, 50}},
};

uint8_t Multiply(uint8_t x, uint8_t y) {  // in GF(2^8) modulo x^8+x^4+x^3+x^2+1
  const unsigned a = x, b = y;
  unsigned z = 0;
  for (int i = 7; i >= 0; --i) {
    z = (z << 1) ^ ((z >> 7) * 0x11Du);
    z ^= ((b >> i) & 1u) * a;
  }
  return static_cast<uint8_t>(z);
}

std::vector<uint8_t> Divisor(int degree) {
  std::vector<uint8_t> result(static_cast<size_t>(degree), 0);
  result.back() = 1;
  uint8_t root = 1;
  for (int i = 0; i < degree; ++i) {
    for (size_t j = 0; j < result.size(); ++j) {
      result[j] = Multiply(result[j], root);
      if (j + 1 < result.size()) result[j] ^= result[j + 1];
    }
    root = Multiply(root, 0x02);
  }
  return result;
}

std::vector<uint8_t> Remainder(const std::vector<uint8_t>& data,
                               const std::vector<uint8_t>& divisor) {
  std::vector<uint8_t> result(divisor.size(), 0);
  for (uint8_t b : data) {
    const uint8_t factor = b ^ result.front();
    result.erase(result.begin());
    result.push_back(0);
    for (size_t i = 0; i < result.size(); ++i) result[i] ^= Multiply(divisor[i], factor);
  }
  return result;
}

class Grid {
 public:
  explicit Grid(int size)
      : size_(size), dark_(static_cast<size_t>(size * size)), fixed_(dark_.size()) {}
  void Set(int x, int y, bool dark) {
    dark_[Index(x, y)] = dark;
    fixed_[Index(x, y)] = true;
  }
  bool dark(int x, int y) const { return dark_[Index(x, y)]; }
  bool fixed(int x, int y) const { return fixed_[Index(x, y)]; }
  void Flip(int x, int y) { dark_[Index(x, y)] = !dark_[Index(x, y)]; }
  void Put(int x, int y, bool dark) { dark_[Index(x, y)] = dark; }
  int size() const { return size_; }
  const std::vector<bool>& modules() const { return dark_; }

 private:
  size_t Index(int x, int y) const { return static_cast<size_t>(y * size_ + x); }
  int size_;
  std::vector<bool> dark_;
  std::vector<bool> fixed_;  // function patterns: never data, never masked
};

bool MaskBit(int mask, int x, int y) {
  switch (mask) {
    case 0:
      return (x + y) % 2 == 0;
    case 1:
      return y % 2 == 0;
    case 2:
      return x % 3 == 0;
    case 3:
      return (x + y) % 3 == 0;
    case 4:
      return (x / 3 + y / 2) % 2 == 0;
    case 5:
      return x * y % 2 + x * y % 3 == 0;
    case 6:
      return (x * y % 2 + x * y % 3) % 2 == 0;
    default:
      return ((x + y) % 2 + x * y % 3) % 2 == 0;
  }
}

void DrawFormat(Grid& g, int mask) {
  const int data = (0 << 3) | mask;  // level M is 00
  int rem = data;
  for (int i = 0; i < 10; ++i) rem = (rem << 1) ^ ((rem >> 9) * 0x537);
  const int bits = ((data << 10) | rem) ^ 0x5412;
  const auto bit = [&](int i) { return ((bits >> i) & 1) != 0; };
  const int n = g.size();
  for (int i = 0; i <= 5; ++i) g.Set(8, i, bit(i));
  g.Set(8, 7, bit(6));
  g.Set(8, 8, bit(7));
  g.Set(7, 8, bit(8));
  for (int i = 9; i < 15; ++i) g.Set(14 - i, 8, bit(i));
  for (int i = 0; i < 8; ++i) g.Set(n - 1 - i, 8, bit(i));
  for (int i = 8; i < 15; ++i) g.Set(8, n - 15 + i, bit(i));
  g.Set(8, n - 8, true);  // the dark module
}

void DrawFunctionPatterns(Grid& g, int version) {
  const int n = g.size();
  for (int i = 0; i < n; ++i) {
    g.Set(6, i, i % 2 == 0);
    g.Set(i, 6, i % 2 == 0);
  }
  for (const auto& [cx, cy] : {std::pair{3, 3}, std::pair{n - 4, 3}, std::pair{3, n - 4}}) {
    for (int dy = -4; dy <= 4; ++dy) {
      for (int dx = -4; dx <= 4; ++dx) {
        const int x = cx + dx, y = cy + dy;
        if (x < 0 || y < 0 || x >= n || y >= n) continue;
        const int dist = std::max(std::abs(dx), std::abs(dy));
        g.Set(x, y, dist != 2 && dist != 4);
      }
    }
  }
  const auto& align = kVersions[version - 1].align;
  std::vector<int> centres;
  for (int c : align) {
    if (c != 0) centres.push_back(c);
  }
  for (size_t i = 0; i < centres.size(); ++i) {
    for (size_t j = 0; j < centres.size(); ++j) {
      const size_t last = centres.size() - 1;
      if ((i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0)) continue;
      for (int dy = -2; dy <= 2; ++dy) {
        for (int dx = -2; dx <= 2; ++dx) {
          g.Set(centres[i] + dx, centres[j] + dy, std::max(std::abs(dx), std::abs(dy)) != 1);
        }
      }
    }
  }
  DrawFormat(g, 0);  // reserves the format areas; redrawn with the mask
  if (version >= 7) {
    int rem = version;
    for (int i = 0; i < 12; ++i) rem = (rem << 1) ^ ((rem >> 11) * 0x1F25);
    const long bits = static_cast<long>(version) << 12 | rem;
    for (int i = 0; i < 18; ++i) {
      const bool dark = ((bits >> i) & 1) != 0;
      const int a = n - 11 + i % 3, b = i / 3;
      g.Set(a, b, dark);
      g.Set(b, a, dark);
    }
  }
}

// Rules 1, 2 and 4 of the standard's penalty (rule 3, finder-like runs, is
// left out: any mask makes a valid code; this one picks a readable one).
long Penalty(const Grid& g) {
  const int n = g.size();
  long penalty = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (int a = 0; a < n; ++a) {
      int run = 0;
      bool colour = false;
      for (int b = 0; b < n; ++b) {
        const bool dark = pass == 0 ? g.dark(b, a) : g.dark(a, b);
        if (b > 0 && dark == colour) {
          ++run;
        } else {
          if (run >= 5) penalty += 3 + (run - 5);
          colour = dark;
          run = 1;
        }
      }
      if (run >= 5) penalty += 3 + (run - 5);
    }
  }
  long dark_count = 0;
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      dark_count += g.dark(x, y);
      if (x + 1 < n && y + 1 < n && g.dark(x, y) == g.dark(x + 1, y) &&
          g.dark(x, y) == g.dark(x, y + 1) && g.dark(x, y) == g.dark(x + 1, y + 1)) {
        penalty += 3;
      }
    }
  }
  const long total = static_cast<long>(n) * n;
  const long k = (std::labs(dark_count * 20 - total * 10) + total - 1) / total - 1;
  return penalty + std::max(0L, k) * 10;
}

}  // namespace

Result<QrCode> QrCode::Encode(std::string_view text) {
  if (text.empty()) return InvalidArgument("nothing to encode", "text");
  int version = 0;
  for (int v = 1; v <= 10; ++v) {
    const VersionInfo& info = kVersions[v - 1];
    const int data_bits = (info.codewords - info.ec_per_block * info.blocks) * 8;
    const int needed = 4 + (v < 10 ? 8 : 16) + static_cast<int>(text.size()) * 8;
    if (needed <= data_bits) {
      version = v;
      break;
    }
  }
  if (version == 0) return InvalidArgument("at most 213 bytes", "text");
  const VersionInfo& info = kVersions[version - 1];
  const int data_codewords = info.codewords - info.ec_per_block * info.blocks;

  // The bit stream: byte mode, the count, the bytes, a terminator, padding.
  std::vector<bool> bits;
  const auto append = [&](unsigned value, int count) {
    for (int i = count - 1; i >= 0; --i) bits.push_back(((value >> i) & 1u) != 0);
  };
  append(0x4, 4);
  append(static_cast<unsigned>(text.size()), version < 10 ? 8 : 16);
  for (char c : text) append(static_cast<uint8_t>(c), 8);
  const size_t capacity = static_cast<size_t>(data_codewords) * 8;
  append(0, static_cast<int>(std::min<size_t>(4, capacity - bits.size())));
  append(0, static_cast<int>((8 - bits.size() % 8) % 8));
  for (unsigned pad = 0xEC; bits.size() < capacity; pad ^= 0xEC ^ 0x11) append(pad, 8);
  std::vector<uint8_t> data(bits.size() / 8, 0);
  for (size_t i = 0; i < bits.size(); ++i) {
    if (bits[i]) data[i / 8] |= static_cast<uint8_t>(1u << (7 - i % 8));
  }

  // Blocks with their error correction, interleaved.
  const int blocks = info.blocks;
  const int short_blocks = blocks - info.codewords % blocks;
  const int short_len = info.codewords / blocks;
  const std::vector<uint8_t> divisor = Divisor(info.ec_per_block);
  std::vector<std::vector<uint8_t>> all;
  size_t k = 0;
  for (int i = 0; i < blocks; ++i) {
    const size_t len =
        static_cast<size_t>(short_len - info.ec_per_block + (i < short_blocks ? 0 : 1));
    std::vector<uint8_t> block(data.begin() + static_cast<std::ptrdiff_t>(k),
                               data.begin() + static_cast<std::ptrdiff_t>(k + len));
    k += len;
    const std::vector<uint8_t> ec = Remainder(block, divisor);
    if (i < short_blocks) block.push_back(0);
    block.insert(block.end(), ec.begin(), ec.end());
    all.push_back(std::move(block));
  }
  std::vector<uint8_t> codewords;
  for (size_t i = 0; i < all[0].size(); ++i) {
    for (size_t j = 0; j < all.size(); ++j) {
      const bool padding = i == static_cast<size_t>(short_len - info.ec_per_block) &&
                           static_cast<int>(j) < short_blocks;
      if (!padding) codewords.push_back(all[j][i]);
    }
  }

  QrCode qr(version, 17 + 4 * version);
  Grid grid(qr.size_);
  DrawFunctionPatterns(grid, version);
  const int n = qr.size_;
  size_t bit = 0;
  for (int right = n - 1; right >= 1; right -= 2) {
    if (right == 6) right = 5;
    for (int vert = 0; vert < n; ++vert) {
      for (int j = 0; j < 2; ++j) {
        const int x = right - j;
        const bool upward = ((right + 1) & 2) == 0;
        const int y = upward ? n - 1 - vert : vert;
        if (!grid.fixed(x, y) && bit < codewords.size() * 8) {
          grid.Put(x, y, ((codewords[bit / 8] >> (7 - bit % 8)) & 1) != 0);
          ++bit;
        }
      }
    }
  }
  int best = 0;
  long best_penalty = -1;
  for (int mask = 0; mask < 8; ++mask) {
    Grid trial = grid;
    for (int y = 0; y < n; ++y) {
      for (int x = 0; x < n; ++x) {
        if (!trial.fixed(x, y) && MaskBit(mask, x, y)) trial.Flip(x, y);
      }
    }
    DrawFormat(trial, mask);
    const long p = Penalty(trial);
    if (best_penalty < 0 || p < best_penalty) {
      best_penalty = p;
      best = mask;
    }
  }
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      if (!grid.fixed(x, y) && MaskBit(best, x, y)) grid.Flip(x, y);
    }
  }
  DrawFormat(grid, best);
  qr.modules_ = grid.modules();
  return qr;
}

std::string QrCode::Svg(int module_px) const {
  const int side = size_ + 8;
  std::string path;
  for (int y = 0; y < size_; ++y) {
    for (int x = 0; x < size_; ++x) {
      if (Dark(x, y)) {
        // Appended piece by piece: GCC 12 at -O3 warns (falsely, -Wrestrict)
        // about a literal + std::string here.
        path += 'M';
        path += std::to_string(x + 4);
        path += ' ';
        path += std::to_string(y + 4);
        path += "h1v1h-1z";
      }
    }
  }
  const std::string px = std::to_string(side * module_px);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px + "\" height=\"" + px +
         "\" viewBox=\"0 0 " + std::to_string(side) + " " + std::to_string(side) +
         "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" "
         "fill=\"#fff\"/><path fill=\"#000\" d=\"" +
         path + "\"/></svg>";
}

}  // namespace aidledger::api
