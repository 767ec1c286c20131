// The QR codes are checked by an independent decoder (zbarimg, from
// Debian's zbar-tools), from the smallest version to the largest.
#include "api/qr_code.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <set>

#include "tests/support/test_util.h"

namespace aidledger::api {
namespace {

using testing::TempDir;

// The code as a binary PGM image: 6 pixels a module, a quiet zone of 4.
void WritePgm(const QrCode& qr, const std::string& path) {
  constexpr int kScale = 6;
  const int side = (qr.size() + 8) * kScale;
  std::ofstream out(path, std::ios::binary);
  out << "P5\n" << side << " " << side << "\n255\n";
  for (int py = 0; py < side; ++py) {
    for (int px = 0; px < side; ++px) {
      const int x = px / kScale - 4, y = py / kScale - 4;
      const bool dark = x >= 0 && y >= 0 && x < qr.size() && y < qr.size() && qr.Dark(x, y);
      out.put(static_cast<char>(dark ? 0 : 255));
    }
  }
}

std::string Decode(const std::string& path) {
  std::string out;
  FILE* p = ::popen(("zbarimg --quiet --raw " + path + " 2>/dev/null").c_str(), "r");
  if (p == nullptr) return out;
  char buf[1024];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

TEST(QrCodeTest, AnIndependentDecoderReadsSmallAndLargeVersions) {
  TempDir dir;
  std::set<int> versions;
  for (size_t length : std::initializer_list<size_t>{1, 10, 20, 30, 50, 70, 90, 110, 130, 160, 190,
                                                     213, 214, 400, 900, 1500, QrCode::kMaxBytes}) {
    std::string text = "http://127.0.0.1:8080/#/check/2026-000123/0A1B2C3D4E5F?";
    while (text.size() < length) text += static_cast<char>('a' + text.size() % 26);
    text.resize(length);
    auto qr = QrCode::Encode(text);
    ASSERT_TRUE(qr.ok()) << length;
    EXPECT_EQ(qr->size(), 17 + 4 * qr->version());
    versions.insert(qr->version());
    const std::string path = dir.File("qr" + std::to_string(length) + ".pgm");
    WritePgm(*qr, path);
    EXPECT_EQ(Decode(path), text) << "version " << qr->version();
  }
  EXPECT_GE(versions.size(), 14u) << "past the old encoder's version 10";
  EXPECT_EQ(*versions.begin(), 1);
  EXPECT_EQ(*versions.rbegin(), 40) << "the longest text takes the largest version";
}

TEST(QrCodeTest, TheSmallestVersionThatHoldsTheTextIsChosen) {
  // Level M in byte mode: version 1 holds 14 bytes, version 2 holds 26.
  EXPECT_EQ(QrCode::Encode(std::string(14, 'a'))->version(), 1);
  EXPECT_EQ(QrCode::Encode(std::string(15, 'a'))->version(), 2);
  EXPECT_EQ(QrCode::Encode(std::string(26, 'a'))->version(), 2);
}

TEST(QrCodeTest, RefusesNothingAndTooMuch) {
  EXPECT_EQ(QrCode::Encode("").status().field(), "text");
  EXPECT_EQ(QrCode::Encode(std::string(QrCode::kMaxBytes + 1, 'x')).status().field(), "text");
  auto svg = QrCode::Encode("x");
  ASSERT_TRUE(svg.ok());
  EXPECT_EQ(svg->Svg().rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
}

}  // namespace
}  // namespace aidledger::api
