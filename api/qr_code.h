// QrCode: a QR code (ISO/IEC 18004) of some text, for the receipt check
// link printed on receipts: byte mode, error correction level M, the
// smallest version from 1 to 10 that holds the text (up to 213 bytes), the
// mask with the lowest penalty. Drawn as SVG: no image library needed.
#ifndef AIDLEDGER_API_QR_CODE_H_
#define AIDLEDGER_API_QR_CODE_H_

#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/status.h"

namespace aidledger::api {

class QrCode {
 public:
  // kInvalidArgument (field "text") if the text is empty or longer than 213
  // bytes.
  static Result<QrCode> Encode(std::string_view text);

  int version() const { return version_; }
  int size() const { return size_; }  // modules per side: 17 + 4 x version
  bool Dark(int x, int y) const { return modules_[static_cast<size_t>(y * size_ + x)]; }
  // An SVG image with a quiet zone of 4 modules, `module_px` pixels each.
  std::string Svg(int module_px = 4) const;

 private:
  QrCode(int version, int size) : version_(version), size_(size) {}
  int version_;
  int size_;
  std::vector<bool> modules_;
};

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_QR_CODE_H_
