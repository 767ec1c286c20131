// The web interface's files (web/), compiled into the program by
// api/embed_web.cmake: the service serves them itself, and nothing is read
// from disk or fetched from elsewhere at run time.
#ifndef AIDLEDGER_API_WEB_ASSETS_H_
#define AIDLEDGER_API_WEB_ASSETS_H_

#include <string_view>

namespace aidledger::api {

struct WebAsset {
  std::string_view path;  // relative to web/, e.g. "app.js"
  std::string_view content_type;
  std::string_view bytes;
};

// The file at `path` (exactly: no directories, no "..": nothing else exists),
// or null.
const WebAsset* FindWebAsset(std::string_view path);

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_WEB_ASSETS_H_
