// QrCode: a QR code (ISO/IEC 18004) of some text, for the receipt check
// link printed on receipts. Encoded by libqrencode (byte mode, error
// correction level M, the smallest version that holds the text, up to 40);
// drawn here as SVG, so no image library is needed.
#ifndef AIDLEDGER_API_QR_CODE_H_
#define AIDLEDGER_API_QR_CODE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/status.h"

namespace aidledger::api {

class QrCode {
 public:
  // What version 40 holds at level M in byte mode.
  static constexpr size_t kMaxBytes = 2331;

  // kInvalidArgument (field "text") if the text is empty or longer than
  // kMaxBytes; kInternal if the encoder fails otherwise (out of memory).
  static Result<QrCode> Encode(std::string_view text);

  int version() const { return version_; }
  int size() const { return size_; }  // modules per side: 17 + 4 x version
  bool Dark(int x, int y) const {
    return modules_[static_cast<size_t>(y) * static_cast<size_t>(size_) + static_cast<size_t>(x)];
  }
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
