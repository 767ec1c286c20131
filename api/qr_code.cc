#include "api/qr_code.h"

#include <qrencode.h>

#include <cerrno>
#include <memory>

namespace aidledger::api {

Result<QrCode> QrCode::Encode(std::string_view text) {
  if (text.empty() || text.size() > kMaxBytes) {
    return InvalidArgument("a QR code holds 1 to " + std::to_string(kMaxBytes) + " bytes", "text");
  }
  // Byte mode over the exact bytes (QRcode_encodeData takes a length, so a
  // NUL inside the text is kept, not an end).
  const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M),
      &QRcode_free);
  if (code == nullptr) {
    if (errno == ERANGE) return InvalidArgument("the text is too long for a QR code", "text");
    return Status(ErrorCode::kInternal, "the QR encoder failed");
  }
  QrCode qr(code->version, code->width);
  const size_t cells = static_cast<size_t>(code->width) * static_cast<size_t>(code->width);
  qr.modules_.resize(cells);
  // libqrencode's cells: bit 0 is the module's colour (1 dark).
  for (size_t i = 0; i < cells; ++i) qr.modules_[i] = (code->data[i] & 1) != 0;
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
