// Liveness, readiness, the metrics text and the OpenAPI document.

#include "api/handlers/handlers.h"

namespace aidledger::api {

ApiResponse Handlers::Healthz(Service&, Service::Context&) {
  return Json(200, Object{{"status", "ok"}});
}

ApiResponse Handlers::Readyz(Service& s, Service::Context& ctx) {
  if (Status ready = s.Readiness(); !ready.ok()) return ctx.Fail(ready);
  return Json(200, Object{{"status", "ready"}});
}

ApiResponse Handlers::MetricsText(Service& s, Service::Context&) {
  ApiResponse r;
  r.content_type = "text/plain; version=0.0.4";
  s.UpdateGauges();
  r.body = s.metrics_.Text();
  return r;
}

ApiResponse Handlers::OpenApiDoc(Service&, Service::Context&) {
  return Json(200, Service::OpenApi());
}

}  // namespace aidledger::api
