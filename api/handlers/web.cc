// The web interface's pages, compiled into the program.

#include <cstring>

#include "api/handlers/handlers.h"
#include "api/web_assets.h"

namespace aidledger::api {

ApiResponse Handlers::WebPage(Service::Context& ctx) {
  const std::string file = ctx.params.empty() ? "index.html" : ctx.params[0];
  const WebAsset* asset = FindWebAsset(file);
  if (asset == nullptr) return ctx.Fail(Status(ErrorCode::kNotFound, "no such file", "path"));
  ApiResponse r;
  r.content_type = std::string(asset->content_type);
  r.body = std::string(asset->bytes);
  // Only our own files run: no inline script, nothing from elsewhere.
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'self'; script-src 'self'; style-src 'self'; "
                         "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                         "form-action 'self'; frame-ancestors 'none'");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  return r;
}

}  // namespace aidledger::api
