// Liveness, readiness, the metrics text and the OpenAPI document.

#include "api/handlers/handlers.h"

namespace aidledger::api {

ApiResponse Handlers::Healthz(Service::Context&) { return Json(200, Object{{"status", "ok"}}); }

ApiResponse Handlers::Readyz(Service::Context& ctx, ServiceHealth& health) {
  if (Status ready = health.Readiness(); !ready.ok()) return ctx.Fail(ready);
  return Json(200, Object{{"status", "ready"}});
}

ApiResponse Handlers::MetricsText(Service::Context&, ServiceHealth& health) {
  ApiResponse r;
  r.content_type = "text/plain; version=0.0.4";
  health.UpdateGauges();
  r.body = health.metrics().Text();
  return r;
}

ApiResponse Handlers::OpenApiDoc(Service::Context&) { return Json(200, Service::OpenApi()); }

}  // namespace aidledger::api
